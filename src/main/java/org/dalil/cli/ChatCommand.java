package org.dalil.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.dalil.flow.FlowSet;
import org.dalil.flow.FlowSetLoader;
import org.dalil.flow.Problem;
import org.dalil.nlp.FreeTextUnderstander;
import org.dalil.nlp.NlpSettings;
import org.dalil.nlp.Understander;

/**
 * {@code dalil chat}: a conversation with the flows in the terminal, for flow authors. Nothing
 * is stored; the engine and the renderer are the server's.
 */
public final class ChatCommand {
  private ChatCommand() {}

  /**
   * Loads the flows and chats until {@code /quit} or the end of {@code in}.
   *
   * @param in read as UTF-8
   * @param out should print UTF-8 (Arabic replies)
   * @return 0, or 1 when the flows cannot be loaded or the input cannot be read
   */
  public static int run(Path flowsDir, Path i18nDir, InputStream in, PrintStream out) {
    FlowSetLoader.Result result = new FlowSetLoader().load(flowsDir, i18nDir);
    if (!result.ok()) {
      result.problems().forEach(out::println);
      return 1;
    }
    FlowSet set = result.flowSet();
    long warnings = result.problems().stream().filter(p -> p.severity() == Problem.Severity.WARNING).count();
    out.println("[flows version " + set.version() + (warnings > 0 ? ", " + warnings + " warnings: see dalil validate" : "")
        + "; /help lists the commands, /quit leaves]");
    // Free text is understood as the server would (DALIL_NLP=off: menus only, as on the server).
    ChatSession session = new ChatSession(set, Instant::now,
        NlpSettings.from(System.getenv()).enabled() ? FreeTextUnderstander.create() : Understander.NONE);
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.strip().equals("/quit")) {
          break;
        }
        session.handle(line).forEach(out::println);
        out.flush();
      }
    } catch (IOException e) {
      out.println("[cannot read the input: " + e.getMessage() + "]");
      return 1;
    }
    return 0;
  }
}
