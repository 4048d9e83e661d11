package org.dalil.web;

import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dalil.channel.ChannelSender;
import org.dalil.channel.simulator.SimulatorSender;
import org.dalil.channel.telegram.TelegramChannel;
import org.dalil.channel.telegram.TelegramSettings;
import org.dalil.channel.telegram.TelegramWebhook;
import org.dalil.channel.twilio.TwilioSender;
import org.dalil.channel.twilio.TwilioSettings;
import org.dalil.handoff.ReengageTemplate;
import org.dalil.channel.twilio.TwilioWebhook;
import org.dalil.config.Config;
import org.dalil.conversation.ConversationService;
import org.dalil.conversation.FlowLoadException;
import org.dalil.conversation.FlowReloader;
import org.dalil.conversation.FlowVersions;
import org.dalil.flow.FlowSet;
import org.dalil.flow.Problem;
import org.dalil.nlp.FreeTextUnderstander;
import org.dalil.nlp.NlpSettings;
import org.dalil.outbox.OutboxSettings;
import org.dalil.outbox.OutboxWorker;
import org.dalil.privacy.DataRequests;
import org.dalil.privacy.PrivacyJobs;
import org.dalil.privacy.PrivacySettings;
import org.dalil.store.Database;
import org.dalil.store.SqlObjects;
import org.dalil.store.DatabaseSettings;
import org.dalil.web.inbox.Inbox;
import org.dalil.web.privacy.DataRequestsWeb;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds every part from the configuration, in order, and stops them in reverse. */
public final class App implements AutoCloseable {
  /** Every SQL-object interface, read once at start-up instead of once per transaction ({@link SqlObjects}). */
  private static final Class<?>[] DAOS = {
      org.dalil.store.ContactDao.class, org.dalil.store.MessageDao.class, org.dalil.store.OutboxDao.class,
      org.dalil.store.ConversationDao.class, org.dalil.store.HandoffDao.class, org.dalil.store.DeliveryDao.class,
      org.dalil.store.PaceDao.class, org.dalil.store.FlowVersionDao.class, org.dalil.privacy.ConsentDao.class,
      org.dalil.privacy.PersonalDataDao.class, org.dalil.privacy.RetentionDao.class, org.dalil.handoff.InboxDao.class,
      org.dalil.audit.AuditLog.class, org.dalil.admin.FlowAdminDao.class, org.dalil.web.auth.VolunteerDao.class,
      org.dalil.web.auth.SessionDao.class, org.dalil.web.auth.LoginThrottleDao.class,
      org.dalil.channel.twilio.TwilioDao.class};

  private static final Logger log = LoggerFactory.getLogger(App.class);

  /** Start-up failed for a reason the operator must fix; the message says which. */
  public static final class StartupException extends RuntimeException {
    public StartupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Database database;
  private final FlowReloader reloader;
  private final OutboxWorker outbox;
  private final Javalin web;
  private final FlowVersions versions;
  /** Null when TELEGRAM_BOT_TOKEN is not set. */
  private final TelegramChannel telegram;
  private Inbox inbox;
  private PrivacyJobs privacyJobs;
  private org.dalil.admin.FlowAdmin flowAdmin;
  /** Null when NLP is off. */
  private Thread understandingTraining;

  private App(Database database, FlowReloader reloader, OutboxWorker outbox, Javalin web, FlowVersions versions,
      TelegramChannel telegram) {
    this.database = database;
    this.reloader = reloader;
    this.outbox = outbox;
    this.web = web;
    this.versions = versions;
    this.telegram = telegram;
  }

  /** Starts without the channels configured by their own variables (Telegram...). */
  public static App start(Config config) {
    return start(config, Map.of());
  }

  /**
   * @param env the environment, for the settings of the channels and the outbox ({@code
   *     TELEGRAM_*}, {@code TWILIO_*}...); a bad value throws {@link
   *     org.dalil.config.ConfigException} before anything is started
   */
  public static App start(Config config, Map<String, String> env) {
    TelegramSettings telegramSettings = TelegramSettings.from(env).orElse(null);
    TwilioSettings twilioSettings = TwilioSettings.from(env, config.publicUrl()).orElse(null);
    OutboxSettings outboxSettings = OutboxSettings.from(env);
    Inbox.checkEnvironment(env);
    NlpSettings nlpSettings = NlpSettings.from(env);
    PrivacySettings privacySettings = PrivacySettings.from(env);
    Database database = openDatabase(config, privacySettings);
    FlowReloader reloader = null;
    OutboxWorker outbox = null;
    TelegramChannel telegram = null;
    Inbox inbox = null;
    PrivacyJobs privacyJobs = null;
    org.dalil.admin.FlowAdmin flowAdmin = null;
    try {
      SqlObjects.warm(database.jdbi(), DAOS);
      FlowVersions versions = new FlowVersions(database.jdbi());
      // Before the files are loaded: a version published by an admin stays current over them.
      flowAdmin = org.dalil.admin.FlowAdmin.install(database.jdbi(), versions);
      reloader = new FlowReloader(config.flowsDir(), config.i18nDir(), versions);
      loadFlows(reloader);
      // The current version: the files', or the one an admin published (org.dalil.admin.FlowAdmin).
      FlowSet flows = versions.current();
      // The outbox has connections of its own, used by the senders too (Twilio reads the WhatsApp
      // window): a burst of webhooks holding the main pool must not hold up the replies.
      Jdbi outboxJdbi = database.separatePool("dalil-outbox", OutboxWorker.CONNECTIONS);
      SqlObjects.warm(outboxJdbi, DAOS);
      List<ChannelSender> senders = new ArrayList<>(List.of(new SimulatorSender()));
      if (telegramSettings != null) {
        telegram = TelegramChannel.create(telegramSettings);
        senders.add(telegram.sender());
      }
      if (twilioSettings != null) {
        senders.addAll(TwilioSender.create(twilioSettings, outboxJdbi, Clock.systemUTC()));
      }
      outbox = new OutboxWorker(outboxJdbi, senders, outboxSettings);
      ConversationService conversations = new ConversationService(database.jdbi(), versions, outbox::notifyNewWork);
      inbox = Inbox.create(database, versions, env, config.publicUrl(), Clock.systemUTC(), outbox::notifyNewWork,
          twilioSettings == null ? ReengageTemplate.NONE : twilioSettings::canReengage, System.out);
      conversations.withHandoffHook(inbox.hook());
      FreeTextUnderstander understander = null;
      if (nlpSettings.enabled()) {
        understander = FreeTextUnderstander.create(new org.dalil.store.KeptTopicModels(database.jdbi()));
        conversations.withUnderstander(understander);
      }
      TelegramWebhook telegramWebhook = telegram == null ? null
          : telegram.connect(conversations, Clock.systemUTC()).orElse(null);
      TwilioWebhook twilioWebhook = twilioSettings == null ? null
          : new TwilioWebhook(twilioSettings, conversations, database.jdbi(), Clock.systemUTC());
      Readiness readiness = new DatabaseReadiness(database, versions);
      org.dalil.web.inbox.Templates templates = new org.dalil.web.inbox.Templates();
      java.time.ZoneId zone = org.dalil.handoff.InboxSettings.from(env).hours().zone();
      Routes routes = new Routes(readiness, config.simulator() ? new SimulatorApi(conversations, Clock.systemUTC()) : null,
          config.simulator() ? new SimulatorPage() : null, versions).withTelegram(telegramWebhook)
          .withTwilio(twilioWebhook).withInbox(inbox.web())
          .withDataRequests(new DataRequestsWeb(new DataRequests(database.jdbi(), Clock.systemUTC()), versions,
              templates, zone))
          .withAdmin(new org.dalil.web.admin.AdminWeb(flowAdmin, versions, templates, zone));
      Javalin web = routes.server().start(config.port());
      outbox.start();
      Thread understandingTraining = null;
      if (understander != null) {
        // Trained in the background once the server is up (training takes a core for seconds, and
        // start-up needs both): a message with free text that comes first waits for it.
        FreeTextUnderstander training = understander;
        understandingTraining = Thread.ofVirtual().name("dalil-nlp-training").start(() -> training.prepare(flows));
      }
      privacyJobs = new PrivacyJobs(database.jdbi(), privacySettings, Clock.systemUTC());
      privacyJobs.start();
      inbox.start();
      flowAdmin.start();
      if (telegram != null) {
        telegram.start(config.publicUrl());
      }
      ReloadSignal.install(reloader);
      log.info("Dalil listening on port {} (flows {}, {} database{})", web.port(), flows.version(),
          database.isEmbedded() ? "embedded" : "external",
          config.simulator() ? ", simulator at /simulator" : "");
      App app = new App(database, reloader, outbox, web, versions, telegram);
      app.inbox = inbox;
      app.privacyJobs = privacyJobs;
      app.flowAdmin = flowAdmin;
      app.understandingTraining = understandingTraining;
      return app;
    } catch (RuntimeException e) {
      if (privacyJobs != null) {
        privacyJobs.close();
      }
      if (flowAdmin != null) {
        flowAdmin.close();
      }
      if (inbox != null) {
        inbox.close();
      }
      if (telegram != null) {
        telegram.close();
      }
      if (outbox != null) {
        outbox.close();
      }
      if (reloader != null) {
        reloader.close();
      }
      database.close();
      if (e instanceof StartupException) {
        throw e;
      }
      throw new StartupException("could not start: " + e.getClass().getSimpleName(), e);
    }
  }

  private static Database openDatabase(Config config, PrivacySettings privacy) {
    DatabaseSettings settings = databaseSettings(config, privacy);
    try {
      return Database.open(settings);
    } catch (RuntimeException e) {
      throw new StartupException("could not open the database (" + settings + "): " + e.getMessage(), e);
    }
  }

  /**
   * The database the configuration names, with the privacy keys; the server and the database
   * commands of {@code Main} open the same one. Without DALIL_SECRET_KEY a server database is
   * refused here (ConfigException naming it).
   */
  public static DatabaseSettings databaseSettings(Config config, PrivacySettings privacy) {
    return privacy.apply(config.embeddedDatabase()
        ? DatabaseSettings.embedded(config.dataDir().resolve("postgres"))
        : DatabaseSettings.server(config.databaseUrl(), config.databaseUser(), config.databasePassword()));
  }

  private static FlowSet loadFlows(FlowReloader reloader) {
    try {
      return reloader.start();
    } catch (FlowLoadException e) {
      List<Problem> errors = e.problems().stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
      throw new StartupException("the flows have " + errors.size() + " error(s); nothing was started:\n"
          + errors.stream().map(Problem::toString).collect(Collectors.joining("\n")), e);
    }
  }

  public int port() {
    return web.port();
  }

  /**
   * Waits for the understanding of free text, trained in the background after start-up, to be
   * ready; true when it is (or NLP is off), false when the timeout came first.
   */
  public boolean awaitUnderstanding(Duration timeout) throws InterruptedException {
    return understandingTraining == null || understandingTraining.join(timeout);
  }

  public FlowVersions flowVersions() {
    return versions;
  }

  public FlowReloader reloader() {
    return reloader;
  }

  @Override
  public void close() {
    log.info("Dalil stopping");
    web.stop();
    if (telegram != null) {
      telegram.close();
    }
    if (inbox != null) {
      inbox.close();
    }
    if (flowAdmin != null) {
      flowAdmin.close();
    }
    if (privacyJobs != null) {
      privacyJobs.close();
    }
    outbox.close();
    reloader.close();
    database.close();
  }

  /** The admins' content side: draft, publications, current version on every instance. */
  public org.dalil.admin.FlowAdmin flowAdmin() {
    return flowAdmin;
  }

  /** The volunteers' inbox (tests drive its jobs and read its routes). */
  public Inbox inbox() {
    return inbox;
  }
}
