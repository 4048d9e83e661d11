package org.dalil;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.ToIntFunction;
import org.dalil.cli.ChatCommand;
import org.dalil.cli.ClassifyCommand;
import org.dalil.cli.StartCheckCommand;
import org.dalil.cli.ValidateCommand;
import org.dalil.config.Config;
import org.dalil.config.ConfigException;
import org.dalil.web.App;

/**
 * Entry point of {@code dalil.jar}: {@code serve} (default), {@code start-check}, {@code validate [DIR]},
 * {@code chat [DIR]}, {@code classify [DIR]}, and the database commands.
 */
public final class Main {
  static final int EXIT_OK = 0;
  static final int EXIT_INVALID = 1;
  static final int EXIT_USAGE = 2;

  private static final String USAGE = """
      usage: java -jar dalil.jar [command]
        serve            run the server (default); configuration from DALIL_* environment variables
        start-check      start the server as serve does, check that it is ready, stop it; exits 1
                         when it is not (the training run of the JVM's AOT cache: see Dockerfile)
        validate [DIR]   check DIR/flows and DIR/i18n (default: DALIL_FLOWS_DIR and DALIL_I18N_DIR);
                         exits 1 when there is an error
        chat [DIR]       talk to the flows in this terminal, without a database (for flow authors)
        classify [DIR]   read messages, one a line, and print what Dalil understands of each
                         (language, topic, urgency) as one JSON object a line
        export DIR [VERSION|draft]
                         write the current (or given) version's flows/ and i18n/ under DIR,
                         from the configured database
        import DIR [--publish]
                         read DIR/flows and DIR/i18n into the admins' draft (and publish it)
        export-contact CHANNEL ADDRESS
                         print everything kept about a contact as JSON (a person's request)
        erase CHANNEL ADDRESS --yes
                         erase everything about a contact (a person's request; cannot be undone)
        help             this text
      """;

  private Main() {}

  public static void main(String[] args) {
    // Arabic must reach the terminal intact whatever the platform default is.
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int code = run(args, out, err);
    if (code != EXIT_OK || !"serve".equals(command(args))) {
      System.exit(code);
    }
  }

  private static String command(String[] args) {
    return args.length == 0 ? "serve" : args[0];
  }

  /** Runs a command; for {@code serve} returns once the server is up (it then runs until stopped). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (command(args)) {
      case "serve" -> {
        return serve(err);
      }
      case "start-check" -> {
        return startCheck(out, err);
      }
      case "validate" -> {
        ContentDirs dirs = contentDirs(rest, err);
        return dirs == null ? EXIT_USAGE : ValidateCommand.run(dirs.flows(), dirs.i18n(), out);
      }
      case "chat" -> {
        ContentDirs dirs = contentDirs(rest, err);
        return dirs == null ? EXIT_USAGE : ChatCommand.run(dirs.flows(), dirs.i18n(), System.in, out);
      }
      case "classify" -> {
        ContentDirs dirs = contentDirs(rest, err);
        return dirs == null ? EXIT_USAGE : ClassifyCommand.run(dirs.flows(), dirs.i18n(), System.in, out, err);
      }
      case "export" -> {
        if (rest.length < 1 || rest.length > 2) {
          err.print(USAGE);
          return EXIT_USAGE;
        }
        return withDatabase(err, jdbi -> org.dalil.admin.ContentCommands.export(jdbi, Path.of(rest[0]),
            rest.length > 1 ? rest[1] : null, out, err));
      }
      case "import" -> {
        if (rest.length < 1 || rest.length > 2 || (rest.length == 2 && !"--publish".equals(rest[1]))) {
          err.print(USAGE);
          return EXIT_USAGE;
        }
        return withDatabase(err, jdbi -> org.dalil.admin.ContentCommands.importDir(jdbi, Path.of(rest[0]),
            rest.length == 2, out, err));
      }
      case "export-contact" -> {
        if (rest.length != 2) {
          err.print(USAGE);
          return EXIT_USAGE;
        }
        return withDatabase(err, jdbi -> org.dalil.privacy.ContactCommands.export(jdbi, rest[0], rest[1], out, err));
      }
      case "erase" -> {
        if (rest.length < 2 || rest.length > 3 || (rest.length == 3 && !"--yes".equals(rest[2]))) {
          err.print(USAGE);
          return EXIT_USAGE;
        }
        return withDatabase(err, jdbi -> org.dalil.privacy.ContactCommands.erase(jdbi, rest[0], rest[1],
            rest.length == 3, out, err));
      }
      case "help", "--help", "-h" -> {
        out.print(USAGE);
        return EXIT_OK;
      }
      default -> {
        err.println("dalil: unknown command '" + args[0] + "'");
        err.print(USAGE);
        return EXIT_USAGE;
      }
    }
  }

  private static int serve(PrintStream err) {
    return starting(err, config -> {
      App app = App.start(config, System.getenv());
      Runtime.getRuntime().addShutdownHook(new Thread(app::close, "dalil-shutdown"));
      return EXIT_OK;
    });
  }

  private static int startCheck(PrintStream out, PrintStream err) {
    return starting(err, config -> StartCheckCommand.run(config, System.getenv(), out, err));
  }

  /**
   * Runs a command that starts the server, with the configuration of the environment; a bad
   * configuration is a usage error, a start that fails (broken flows, no database) an invalid one.
   */
  private static int starting(PrintStream err, ToIntFunction<Config> command) {
    try {
      return command.applyAsInt(Config.fromEnvironment());
    } catch (ConfigException e) {
      err.println("dalil: configuration error: " + e.getMessage());
      return EXIT_USAGE;
    } catch (App.StartupException e) {
      err.println("dalil: " + e.getMessage());
      return EXIT_INVALID;
    }
  }

  /** Runs a command against the configured database (DALIL_DATABASE_URL, or the embedded one in DALIL_DATA_DIR). */
  private static int withDatabase(PrintStream err, ToIntFunction<org.jdbi.v3.core.Jdbi> command) {
    Config config;
    try {
      config = Config.fromEnvironment();
    } catch (ConfigException e) {
      err.println("dalil: configuration error: " + e.getMessage());
      return EXIT_USAGE;
    }
    try (org.dalil.store.Database database = org.dalil.store.Database.open(
        App.databaseSettings(config, org.dalil.privacy.PrivacySettings.from(System.getenv())))) {
      return command.applyAsInt(database.jdbi());
    } catch (RuntimeException e) {
      err.println("dalil: " + e.getMessage());
      return EXIT_INVALID;
    }
  }

  record ContentDirs(Path flows, Path i18n) {}

  /**
   * {@code DIR} is a content root holding {@code flows/} and {@code i18n/}, or a flows directory
   * itself (then {@code ../i18n}); without it the configured directories are used.
   */
  private static ContentDirs contentDirs(String[] rest, PrintStream err) {
    if (rest.length > 1) {
      err.print(USAGE);
      return null;
    }
    if (rest.length == 0) {
      String flows = System.getenv().getOrDefault(Config.FLOWS_DIR, "flows");
      String i18n = System.getenv().getOrDefault(Config.I18N_DIR, "i18n");
      return new ContentDirs(Path.of(flows), Path.of(i18n));
    }
    Path dir = Path.of(rest[0]);
    if (!Files.isDirectory(dir)) {
      err.println("dalil: '" + dir + "' is not a directory");
      return null;
    }
    if (Files.isDirectory(dir.resolve("flows"))) {
      return new ContentDirs(dir.resolve("flows"), dir.resolve("i18n"));
    }
    Path parent = dir.toAbsolutePath().getParent();
    return new ContentDirs(dir, parent == null ? dir.resolve("i18n") : parent.resolve("i18n"));
  }
}
