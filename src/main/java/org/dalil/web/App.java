package org.dalil.web;

import io.javalin.Javalin;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.dalil.channel.simulator.SimulatorSender;
import org.dalil.config.Config;
import org.dalil.conversation.ConversationService;
import org.dalil.conversation.FlowLoadException;
import org.dalil.conversation.FlowReloader;
import org.dalil.conversation.FlowVersions;
import org.dalil.flow.FlowSet;
import org.dalil.flow.Problem;
import org.dalil.outbox.OutboxWorker;
import org.dalil.store.Database;
import org.dalil.store.DatabaseSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds every part from the configuration, in order, and stops them in reverse. */
public final class App implements AutoCloseable {
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

  private App(Database database, FlowReloader reloader, OutboxWorker outbox, Javalin web, FlowVersions versions) {
    this.database = database;
    this.reloader = reloader;
    this.outbox = outbox;
    this.web = web;
    this.versions = versions;
  }

  public static App start(Config config) {
    Database database = openDatabase(config);
    FlowReloader reloader = null;
    OutboxWorker outbox = null;
    try {
      FlowVersions versions = new FlowVersions(database.jdbi());
      reloader = new FlowReloader(config.flowsDir(), config.i18nDir(), versions);
      FlowSet flows = loadFlows(reloader);
      outbox = new OutboxWorker(database.jdbi(), List.of(new SimulatorSender()));
      ConversationService conversations = new ConversationService(database.jdbi(), versions, outbox::notifyNewWork);
      Readiness readiness = new DatabaseReadiness(database, versions);
      Routes routes = new Routes(readiness, config.simulator() ? new SimulatorApi(conversations, Clock.systemUTC()) : null,
          config.simulator() ? new SimulatorPage() : null, versions);
      Javalin web = routes.server().start(config.port());
      outbox.start();
      ReloadSignal.install(reloader);
      log.info("Dalil listening on port {} (flows {}, {} database{})", web.port(), flows.version(),
          database.isEmbedded() ? "embedded" : "external",
          config.simulator() ? ", simulator at /simulator" : "");
      return new App(database, reloader, outbox, web, versions);
    } catch (RuntimeException e) {
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

  private static Database openDatabase(Config config) {
    DatabaseSettings settings = config.embeddedDatabase()
        ? DatabaseSettings.embedded(config.dataDir().resolve("postgres"))
        : DatabaseSettings.server(config.databaseUrl(), config.databaseUser(), config.databasePassword());
    try {
      return Database.open(settings);
    } catch (RuntimeException e) {
      throw new StartupException("could not open the database (" + settings + "): " + e.getMessage(), e);
    }
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
    outbox.close();
    reloader.close();
    database.close();
  }
}
