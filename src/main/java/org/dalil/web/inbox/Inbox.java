package org.dalil.web.inbox;

import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.dalil.conversation.FlowVersions;
import org.dalil.conversation.HandoffHook;
import org.dalil.handoff.EscalationHook;
import org.dalil.handoff.InboxJobs;
import org.dalil.handoff.InboxService;
import org.dalil.handoff.InboxSettings;
import org.dalil.handoff.InboxSignals;
import org.dalil.handoff.LoggingUrgentNotifier;
import org.dalil.handoff.ReengageTemplate;
import org.dalil.handoff.TelegramUrgentNotifier;
import org.dalil.handoff.UrgentNotifier;
import org.dalil.store.Database;
import org.dalil.web.auth.AuthService;
import org.dalil.web.auth.FirstAdmin;
import org.dalil.web.auth.PasswordHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volunteers' inbox, assembled: settings, escalation hook, jobs, live events, login and pages.
 * Built by {@link org.dalil.web.App}; {@link #hook()} goes to the conversation service, {@link
 * #web()} to the routes.
 */
public final class Inbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Inbox.class);

  private final InboxSignals signals;
  private final InboxJobs jobs;
  private final InboxStream stream;
  private final EscalationHook hook;
  private final InboxWeb web;
  private final InboxService service;

  private Inbox(InboxSignals signals, InboxJobs jobs, InboxStream stream, EscalationHook hook, InboxWeb web,
      InboxService service) {
    this.signals = signals;
    this.jobs = jobs;
    this.stream = stream;
    this.hook = hook;
    this.web = web;
    this.service = service;
  }

  /**
   * @param env the environment: {@code DALIL_OPENING_HOURS} and the other inbox settings, the
   *     first admin, the urgent alert's Telegram bot
   * @param outboxHasWork wakes the outbox after a volunteer's reply
   * @param reengage whether a contact can be asked to write back for a reply held outside the WhatsApp window
   * @throws org.dalil.config.ConfigException for a bad variable
   */
  public static Inbox create(Database database, FlowVersions versions, Map<String, String> env, URI publicUrl,
      Clock clock, Runnable outboxHasWork, ReengageTemplate reengage, PrintStream stdout) {
    InboxSettings fromEnvironment = InboxSettings.from(env);
    FirstAdmin.check(env);
    Supplier<InboxSettings> settings = InboxJobs.storedSettings(database.jdbi(), fromEnvironment);
    UrgentNotifier notifier = TelegramUrgentNotifier.from(env, () -> settings.get().urgentTelegramChatId())
        .<UrgentNotifier>map(n -> n).orElseGet(LoggingUrgentNotifier::new);
    InboxSignals signals = new InboxSignals(database.dataSource());
    InboxJobs jobs = new InboxJobs(database.jdbi(), versions, settings, notifier, clock, outboxHasWork,
        publicUrl.toString(), Duration.ofSeconds(5));
    EscalationHook hook = new EscalationHook(settings, clock, jobs::wake);
    InboxService service = new InboxService(database.jdbi(), versions, settings, clock, outboxHasWork, reengage);
    PasswordHasher hasher = new PasswordHasher();
    AuthService auth = new AuthService(database.jdbi(), hasher, clock);
    FirstAdmin.ensure(database.jdbi(), hasher, env, stdout);
    InboxStream stream = new InboxStream();
    signals.subscribe(stream);
    InboxWeb web = new InboxWeb(database.jdbi(), service, auth, versions, settings, new Templates(), stream,
        "https".equalsIgnoreCase(publicUrl.getScheme()));
    log.info("inbox ready: urgent alerts to {}, caseload cap {}", notifier.describe(), settings.get().caseloadCap());
    return new Inbox(signals, jobs, stream, hook, web, service);
  }

  /** Reads the inbox's variables once, so that a bad one stops start-up before anything opens. */
  public static void checkEnvironment(Map<String, String> env) {
    InboxSettings.from(env);
    FirstAdmin.check(env);
  }

  public HandoffHook hook() {
    return hook;
  }

  public InboxWeb web() {
    return web;
  }

  public InboxService service() {
    return service;
  }

  public InboxJobs jobs() {
    return jobs;
  }

  public InboxSignals signals() {
    return signals;
  }

  /** Starts listening for events and the background jobs. */
  public void start() {
    signals.start();
    jobs.start();
  }

  @Override
  public void close() {
    jobs.close();
    signals.close();
    stream.close();
  }
}
