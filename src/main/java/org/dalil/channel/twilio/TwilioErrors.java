package org.dalil.channel.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import java.util.Map;
import org.dalil.channel.SendException;

/**
 * Turns the SDK's exceptions into {@link SendException}s. Rate limits (429), Twilio's server
 * errors (5xx) and network failures are worth retrying; any other 4xx is not, and keeps Twilio's
 * error code (21211, 21610, 63016...) so that the outbox and the inbox can say why.
 *
 * <p>Twilio's own error messages can quote the phone number, so they are never passed on: the
 * description is built here from the code.
 */
final class TwilioErrors {
  private static final int TOO_MANY_REQUESTS = 429;
  private static final int REQUEST_TIMEOUT = 408;

  /** Short explanations of the errors a helpline meets, for operators reading the outbox. */
  private static final Map<Integer, String> KNOWN = Map.ofEntries(
      Map.entry(20003, "authentication failed: check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"),
      Map.entry(20429, "too many requests"),
      Map.entry(21211, "invalid 'To' phone number"),
      Map.entry(21408, "sending to this region is not enabled on the account"),
      Map.entry(21606, "the 'From' number cannot send SMS"),
      Map.entry(21608, "trial account: the number is not verified"),
      Map.entry(21610, "the recipient unsubscribed (replied STOP)"),
      Map.entry(21612, "cannot route from this 'From' to this 'To'"),
      Map.entry(21614, "'To' is not a mobile number"),
      Map.entry(21617, "the body exceeds 1600 characters"),
      Map.entry(63007, "no WhatsApp sender for this 'From'"),
      Map.entry(63016, "outside the WhatsApp 24-hour window: a template is needed"));

  private TwilioErrors() {}

  static SendException toSendException(TwilioException e) {
    if (e instanceof ApiConnectionException) {
      return new SendException(true, null, "twilio unreachable: " + causeName(e), e);
    }
    if (e instanceof ApiException api) {
      Integer status = api.getStatusCode();
      Integer code = api.getCode();
      if (status == null) {
        // No HTTP status: the connection failed or timed out, or the answer was not Twilio's JSON
        // (a proxy's error page): transient as far as we can tell.
        return new SendException(true, code == null ? null : code.toString(),
            "twilio request failed: " + causeName(e), e);
      }
      boolean retryable = status == TOO_MANY_REQUESTS || status == REQUEST_TIMEOUT || status >= 500;
      String errorCode = code == null ? Integer.toString(status) : code.toString();
      String known = code == null ? null : KNOWN.get(code);
      return new SendException(retryable, errorCode,
          "twilio HTTP " + status + (code == null ? "" : " error " + code) + (known == null ? "" : ": " + known), e);
    }
    return new SendException(true, null, "twilio client error: " + e.getClass().getSimpleName(), e);
  }

  private static String causeName(Throwable e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return cause.getClass().getSimpleName();
  }
}
