package org.dalil.channel.twilio;

import com.twilio.security.RequestValidator;
import com.twilio.twiml.MessagingResponse;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.dalil.channel.DeliveryStatus;
import org.dalil.channel.InboundMessage;
import org.dalil.conversation.ConversationService;
import org.dalil.conversation.HandleResult;
import org.dalil.flow.UserInput;
import org.dalil.store.DeliveryDao;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's webhooks: {@code POST /webhooks/twilio/messages} (a contact wrote, by SMS or WhatsApp)
 * and {@code POST /webhooks/twilio/status} (how far a reply got).
 *
 * <p>Every request must carry a valid {@code X-Twilio-Signature}, computed by Twilio over the URL
 * it called and the form parameters: the URL is rebuilt from {@code DALIL_PUBLIC_URL}, not from
 * the request, which a TLS proxy in front of Dalil would have changed. Anything unsigned gets 403
 * before a single row is written.
 *
 * <p>An inbound message is stored and answered (replies into the outbox) in one transaction by the
 * conversation service, then Twilio gets an empty TwiML {@code <Response/>}: the replies leave
 * through the outbox, never in the webhook's answer, so a reply that fails is retried.
 */
public final class TwilioWebhook {
  public static final String MESSAGES_PATH = "/webhooks/twilio/messages";
  public static final String STATUS_PATH = "/webhooks/twilio/status";
  static final String SIGNATURE_HEADER = "X-Twilio-Signature";
  /** Javalin's XML type has no charset, and Arabic would not survive it. */
  static final String TWIML_CONTENT_TYPE = "text/xml; charset=utf-8";
  private static final String EMPTY_TWIML = new MessagingResponse.Builder().build().toXml();
  private static final Pattern ERROR_CODE = Pattern.compile("[0-9]{1,10}");

  private static final Logger log = LoggerFactory.getLogger(TwilioWebhook.class);

  private final TwilioSettings settings;
  private final RequestValidator validator;
  private final ConversationService conversations;
  private final Jdbi jdbi;
  private final Clock clock;

  public TwilioWebhook(TwilioSettings settings, ConversationService conversations, Jdbi jdbi, Clock clock) {
    this.settings = settings;
    this.validator = new RequestValidator(settings.authToken());
    this.conversations = conversations;
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** {@code POST /webhooks/twilio/messages}. */
  public void messages(Context ctx) {
    logRefusals(ctx, this::message);
  }

  /** {@code POST /webhooks/twilio/status}: Twilio's status callback for a message we sent. */
  public void status(Context ctx) {
    logRefusals(ctx, this::statusCallback);
  }

  private void message(Context ctx) {
    Map<String, String> form = signedForm(ctx);
    InboundMessage inbound = TwilioInbound.parse(form, clock.instant());
    HandleResult result = conversations.handle(inbound);
    UserInput.Kind kind = inbound.input().kind();
    if (!result.duplicate() && (kind == UserInput.Kind.MEDIA || kind == UserInput.Kind.LOCATION)) {
      jdbi.useExtension(TwilioDao.class,
          dao -> dao.setInputKind(result.inboundMessageId(), kind.name().toLowerCase(Locale.ROOT)));
    }
    log.info("twilio inbound: message={} channel={} kind={} duplicate={} replies={}",
        result.inboundMessageId(), inbound.channel(), kind, result.duplicate(), result.replies().size());
    warnIfNoSender(inbound.channel());
    ctx.contentType(TWIML_CONTENT_TYPE).result(EMPTY_TWIML);
  }

  /** Twilio can deliver WhatsApp messages to a number configured for SMS only, and vice versa. */
  private void warnIfNoSender(String channel) {
    boolean whatsapp = channel.equals(TwilioInbound.WHATSAPP);
    if (!(whatsapp ? settings.whatsappEnabled() : settings.smsEnabled())) {
      log.warn("twilio {} message received but nothing to send {} from (set {} or {}): its replies wait in the outbox",
          channel, channel, whatsapp ? TwilioSettings.WHATSAPP_FROM : TwilioSettings.SMS_FROM,
          TwilioSettings.MESSAGING_SERVICE_SID);
    }
  }

  private void statusCallback(Context ctx) {
    Map<String, String> form = signedForm(ctx);
    String sid = TwilioInbound.messageSid(form);
    String reported = TwilioInbound.required(form, "MessageStatus");
    Optional<DeliveryStatus> status = DeliveryStatus.fromProvider(reported);
    if (status.isEmpty()) {
      log.info("twilio status ignored: sid={} status={}", sid, printable(reported));
      ctx.status(204);
      return;
    }
    String errorCode = form.get("ErrorCode");
    if (errorCode != null && !ERROR_CODE.matcher(errorCode.strip()).matches()) {
      throw new BadRequestResponse("'ErrorCode' must be a number");
    }
    String code = errorCode == null || errorCode.isBlank() ? null : errorCode.strip();
    String channel = isWhatsApp(form.get("To")) || isWhatsApp(form.get("From"))
        ? TwilioInbound.WHATSAPP : TwilioInbound.SMS;
    DeliveryDao.Update update = jdbi.withExtension(DeliveryDao.class,
        dao -> dao.updateDeliveryStatus(channel, sid, status.get(), code));
    log.info("twilio status: sid={} channel={} status={} error={} -> {}", sid, channel, status.get().sql(), code, update);
    ctx.status(204);
  }

  /**
   * The form parameters, once the content type, the encoding and the signature are checked:
   * 415 for another content type, 400 for a body that is not a valid form, 403 for a missing or
   * wrong signature.
   */
  private Map<String, String> signedForm(Context ctx) {
    TwilioForm.checkContentType(ctx.contentType());
    String signature = ctx.header(SIGNATURE_HEADER);
    if (signature == null || signature.isBlank()) {
      throw new ForbiddenResponse("missing " + SIGNATURE_HEADER);
    }
    Map<String, String> form = TwilioForm.parse(ctx.bodyAsBytes());
    String query = ctx.queryString();
    String url = settings.publicUrl(ctx.path()) + (query == null || query.isEmpty() ? "" : "?" + query);
    if (!validator.validate(url, form, signature.strip())) {
      throw new ForbiddenResponse("invalid " + SIGNATURE_HEADER + " (checked for " + url
          + ": is DALIL_PUBLIC_URL the URL Twilio calls?)");
    }
    return form;
  }

  /** Logs why a request was refused (4xx); the reasons name fields, never their values. */
  private static void logRefusals(Context ctx, Consumer<Context> handler) {
    try {
      handler.accept(ctx);
    } catch (HttpResponseException e) {
      log.warn("twilio webhook {} refused: {} {}", ctx.path(), e.getStatus(), e.getMessage());
      throw e;
    }
  }

  private static boolean isWhatsApp(String address) {
    return address != null && address.startsWith(TwilioSettings.WHATSAPP_PREFIX);
  }

  private static String printable(String s) {
    return s.length() > 20 || !s.chars().allMatch(c -> c >= 'a' && c <= 'z' || c == '_')
        ? "(unexpected)" : s;
  }
}
