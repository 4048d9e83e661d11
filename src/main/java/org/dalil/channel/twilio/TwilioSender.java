package org.dalil.channel.twilio;

import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.rest.api.v2010.account.MessageReader;
import com.twilio.type.PhoneNumber;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hc.core5.util.Timeout;
import org.dalil.channel.ChannelSender;
import org.dalil.channel.DeliveryStatus;
import org.dalil.channel.OutboundMessage;
import org.dalil.channel.Recipient;
import org.dalil.channel.SendException;
import org.dalil.channel.SendRate;
import org.dalil.channel.SendResult;
import org.dalil.channel.SmsSegments;
import org.dalil.store.ContactDao;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends replies as SMS or WhatsApp messages through Twilio's REST API (one instance per channel).
 *
 * <p>Both channels get the plain text with numbered options ({@link OutboundMessage#asPlainText()}):
 * WhatsApp's interactive lists and buttons need approved templates outside a session, which come
 * later.
 *
 * <p><b>Long SMS.</b> Twilio would send up to 1600 characters as one concatenated SMS, but to
 * Morocco (an international destination for Twilio) the carrier may not reassemble it, and the
 * person then sees pieces cut every 153 (GSM-7) or 67 (UCS-2: any Arabic, or French with é, ê,
 * ç...) characters, in the middle of words. So a reply longer than {@value #MAX_SMS_SEGMENTS_PER_PART}
 * segments, the size the flow validator accepts without a warning, is sent as several SMS, cut at
 * line and sentence ends (else between words, see {@link TextSplitter}), one after the other. A
 * part of up to three segments is reassembled by nearly every phone, and if it is not, only that
 * part is cut. The segments recorded are the sum over the parts, as Twilio bills them. Only the
 * last part carries the status callback, and its SID is recorded: a message counts as delivered
 * when its end is. Twilio has no idempotency key for messages: a retry after a part failed sends
 * the whole reply again, and after a crash {@link #alreadySent} looks for the reply at Twilio
 * before the outbox sends it again.
 *
 * <p><b>WhatsApp window.</b> A free-form WhatsApp message is only allowed within 24 hours of the
 * contact's last message; outside it Twilio fails it with 63016. The sender checks first and does
 * not try: a permanent {@link SendException} with code {@value #WINDOW_CLOSED}, which the outbox
 * stores as the reason. The one exception is a {@link OutboundMessage.Kind#REENGAGE} message: it is
 * sent as the approved template configured for the contact's language ({@link ReengageTemplates}),
 * which WhatsApp delivers at any time, and asks the person to write back so that the replies held
 * for them can go out.
 */
public final class TwilioSender implements ChannelSender {
  private static final Logger log = LoggerFactory.getLogger(TwilioSender.class);

  static final int MAX_SMS_SEGMENTS_PER_PART = 3;
  /** Twilio's limit for one message on any channel; longer is refused with 21617. */
  static final int MAX_MESSAGE_CHARS = 1600;
  static final Duration WHATSAPP_WINDOW = Duration.ofHours(24);
  public static final String WINDOW_CLOSED = "window_closed";
  /** A request to write back, and no template configured for it any more. */
  public static final String NO_TEMPLATE = "no_template";
  /** How many of a contact's newest messages {@link #alreadySent} looks through. */
  private static final long RECENT_MESSAGES = 50;
  /** Twilio's clock against the database's, when comparing creation times. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
  /** Longer than Twilio's usual answer time, shorter than the outbox lease. */
  private static final Timeout READ_TIMEOUT = Timeout.ofSeconds(30);

  private final String channel;
  private final TwilioRestClient client;
  private final PhoneNumber from;
  private final String messagingServiceSid;
  private final URI statusCallback;
  private final Jdbi jdbi;
  private final Clock clock;
  private final ReengageTemplates reengage;

  TwilioSender(String channel, TwilioRestClient client, String from, String messagingServiceSid,
      URI statusCallback, Jdbi jdbi, Clock clock, ReengageTemplates reengage) {
    if (from == null && messagingServiceSid == null) {
      throw new IllegalArgumentException("a Twilio sender needs a From or a Messaging Service");
    }
    this.channel = channel;
    this.client = client;
    this.from = from == null ? null : new PhoneNumber(from);
    this.messagingServiceSid = messagingServiceSid;
    this.statusCallback = statusCallback;
    this.jdbi = jdbi;
    this.clock = clock;
    this.reengage = reengage;
  }

  /** The senders of the channels {@code settings} can send on: {@code sms}, {@code whatsapp}, or both. */
  public static List<ChannelSender> create(TwilioSettings settings, Jdbi jdbi, Clock clock) {
    TwilioRestClient client = client(settings, READ_TIMEOUT);
    URI callback = URI.create(settings.publicUrl(TwilioWebhook.STATUS_PATH));
    List<ChannelSender> senders = new ArrayList<>();
    if (settings.smsEnabled()) {
      senders.add(new TwilioSender(TwilioInbound.SMS, client, settings.smsFrom(),
          settings.messagingServiceSid(), callback, jdbi, clock, ReengageTemplates.NONE));
    }
    if (settings.whatsappEnabled()) {
      senders.add(new TwilioSender(TwilioInbound.WHATSAPP, client, settings.whatsappFrom(),
          settings.messagingServiceSid(), callback, jdbi, clock, settings.reengage()));
    }
    log.info("twilio channels: {}{}", senders.stream().map(ChannelSender::channel).toList(),
        settings.apiUrl() == null ? "" : " (API calls go to " + settings.apiUrl() + ")");
    return senders;
  }

  static TwilioRestClient client(TwilioSettings settings, Timeout readTimeout) {
    return new TwilioRestClient.Builder(settings.accountSid(), settings.authToken())
        .httpClient(new TwilioHttpClient(settings.apiUrl(), readTimeout))
        .build();
  }

  @Override
  public String channel() {
    return channel;
  }

  @Override
  public SendRate sendRate() {
    return from == null ? SendRate.messagingService() : SendRate.defaultFor(channel);
  }

  /** Without what the outbox read with the claim: the contact is read first, as the outbox reads it. */
  @Override
  public SendResult deliver(String address, OutboundMessage message) throws SendException {
    Recipient recipient = jdbi.withExtension(ContactDao.class, dao -> dao.findId(channel, address)
            .map(id -> dao.recipients(new long[] {id}).get(id)))
        .orElse(new Recipient(address, null));
    return deliver(recipient, message);
  }

  @Override
  public SendResult deliver(Recipient recipient, OutboundMessage message) throws SendException {
    PhoneNumber to = new PhoneNumber(recipient(recipient.address()));
    if (isWhatsApp() && message.kind() == OutboundMessage.Kind.REENGAGE) {
      return sendTemplate(to, message.language());
    }
    if (isWhatsApp()) {
      checkWindow(recipient.lastInboundAt());
    }
    List<String> parts = parts(message.asPlainText());
    if (parts.isEmpty()) {
      throw new SendException(false, null, "empty message: nothing to send");
    }
    String sid = null;
    int segments = 0;
    for (int i = 0; i < parts.size(); i++) {
      boolean last = i == parts.size() - 1;
      Message sent = create(to, parts.get(i), last);
      sid = sent.getSid();
      segments += segments(sent, parts.get(i));
    }
    log.info("twilio accepted: channel={} sid={} parts={} segments={}", channel, sid, parts.size(), segments);
    return new SendResult(sid, segments);
  }

  /**
   * For a reply whose sending was cut short by a crash: looks through the newest messages Twilio
   * has for this contact (one page, from our sender) for the reply's last part, created since it
   * was queued. Found, it is recorded instead of sent again. A reply cut short between two of its
   * parts is not found, and is sent again whole.
   */
  @Override
  public Optional<SendResult> alreadySent(String address, OutboundMessage message, Instant notBefore)
      throws SendException {
    if (isWhatsApp() && message.kind() == OutboundMessage.Kind.REENGAGE) {
      // Twilio stores a template's rendered text, which Dalil does not know: after a crash in the
      // middle of sending it, the request to write back may reach the person twice.
      return Optional.empty();
    }
    List<String> parts = parts(message.asPlainText());
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    String lastPart = parts.get(parts.size() - 1);
    Instant since = notBefore.minus(CLOCK_SKEW);
    MessageReader reader = Message.reader().setTo(new PhoneNumber(recipient(address))).setPageSize(RECENT_MESSAGES);
    if (from != null) {
      reader.setFrom(from);
    }
    try {
      for (Message m : reader.firstPage(client).getRecords()) {
        boolean ours = lastPart.equals(m.getBody()) && m.getDateCreated() != null
            && !m.getDateCreated().toInstant().isBefore(since);
        if (ours) {
          int segments = parts.stream().mapToInt(p -> isWhatsApp() ? 1 : SmsSegments.segments(p)).sum();
          DeliveryStatus status = m.getStatus() == null ? DeliveryStatus.QUEUED
              : DeliveryStatus.fromProvider(m.getStatus().toString()).orElse(DeliveryStatus.QUEUED);
          log.info("twilio already has it: channel={} sid={} status={}", channel, m.getSid(), status.sql());
          return Optional.of(new SendResult(m.getSid(), segments, status));
        }
      }
      return Optional.empty();
    } catch (TwilioException e) {
      throw TwilioErrors.toSendException(e);
    }
  }

  /** The approved template asking the contact to write back; it has no body of ours. */
  private SendResult sendTemplate(PhoneNumber to, String language) throws SendException {
    String contentSid = reengage.contentSid(language).orElseThrow(() -> new SendException(false, NO_TEMPLATE,
        "no WhatsApp template is configured to ask the contact to write back (" + ReengageTemplates.VARIABLE + ")"));
    MessageCreator creator = creator(to, null).setContentSid(contentSid).setStatusCallback(statusCallback);
    try {
      Message sent = creator.create(client);
      log.info("twilio accepted: channel={} sid={} template={}", channel, sent.getSid(), contentSid);
      return new SendResult(sent.getSid(), 1);
    } catch (TwilioException e) {
      throw TwilioErrors.toSendException(e);
    }
  }

  private Message create(PhoneNumber to, String body, boolean last) throws SendException {
    MessageCreator creator = creator(to, body);
    if (last) {
      creator.setStatusCallback(statusCallback);
    }
    try {
      return creator.create(client);
    } catch (TwilioException e) {
      throw TwilioErrors.toSendException(e);
    }
  }

  /** A message from our sender, or through the Messaging Service; a null body for a template. */
  private MessageCreator creator(PhoneNumber to, String body) {
    return from != null ? Message.creator(to, from, body) : Message.creator(to, messagingServiceSid, body);
  }

  /** The parts a reply is sent in, each within the channel's limit for one message. */
  List<String> parts(String text) {
    if (isWhatsApp()) {
      return TextSplitter.split(text, part -> part.length() <= MAX_MESSAGE_CHARS);
    }
    return TextSplitter.split(text,
        part -> part.length() <= MAX_MESSAGE_CHARS && SmsSegments.segments(part) <= MAX_SMS_SEGMENTS_PER_PART);
  }

  /** Twilio's count when it gives one (it bills by it); else ours. */
  private int segments(Message sent, String body) {
    try {
      int reported = sent.getNumSegments() == null ? 0 : Integer.parseInt(sent.getNumSegments().strip());
      if (reported > 0) {
        return reported;
      }
    } catch (NumberFormatException e) {
      // Fall through to our count.
    }
    return isWhatsApp() ? 1 : SmsSegments.segments(body);
  }

  /** @param lastInboundAt when the contact last wrote, null if never */
  private void checkWindow(Instant lastInboundAt) throws SendException {
    if (lastInboundAt == null) {
      throw new SendException(false, WINDOW_CLOSED,
          "outside the WhatsApp 24-hour window: the contact never wrote; a template is needed");
    }
    Duration since = Duration.between(lastInboundAt, clock.instant());
    if (since.compareTo(WHATSAPP_WINDOW) >= 0) {
      throw new SendException(false, WINDOW_CLOSED, "outside the WhatsApp 24-hour window: the contact last wrote "
          + since.toHours() + " h ago; a template is needed");
    }
  }

  /** The {@code To} of the message: a WhatsApp address keeps its {@code whatsapp:} prefix, an SMS one has none. */
  private String recipient(String address) throws SendException {
    boolean prefixed = address.startsWith(TwilioSettings.WHATSAPP_PREFIX);
    if (isWhatsApp() != prefixed) {
      throw new SendException(false, null, "the contact's address is not a " + channel + " address");
    }
    return address;
  }

  private boolean isWhatsApp() {
    return channel.equals(TwilioInbound.WHATSAPP);
  }
}
