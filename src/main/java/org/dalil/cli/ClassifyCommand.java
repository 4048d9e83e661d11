package org.dalil.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dalil.flow.FlowSetLoader;
import org.dalil.flow.Understanding;
import org.dalil.nlp.MessageClassifier;

/**
 * {@code dalil classify [DIR]}: what Dalil understands of messages, one a line on standard input,
 * one JSON object a line on standard output (UTF-8 both ways), with the classifier the server
 * would train on the same content:
 *
 * <pre>{"language":"fr","language_confidence":0.97,"topic":"health","confidence":0.91,"urgent":false,"urgency":null}</pre>
 *
 * {@code language} is the most likely language (null when nothing suggests one) and the
 * conversation switches to it only from {@value Understanding#CONFIDENT_LANGUAGE}; {@code topic}
 * is null when the best topic's {@code confidence} is under {@value Understanding#CONFIDENT_TOPIC}
 * (the engine then shows the menu); {@code urgency} says why a message is urgent.
 */
public final class ClassifyCommand {
  private ClassifyCommand() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @return 0, or 1 when the content cannot be loaded or the input cannot be read
   */
  public static int run(Path flowsDir, Path i18nDir, InputStream in, PrintStream out, PrintStream err) {
    FlowSetLoader.Result result = new FlowSetLoader().load(flowsDir, i18nDir);
    if (!result.ok()) {
      result.errors().forEach(err::println);
      return 1;
    }
    MessageClassifier classifier = MessageClassifier.of(result.flowSet());
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        out.println(json(classifier.classify(line, null)));
        out.flush();
      }
    } catch (IOException e) {
      err.println("dalil: cannot read the input: " + e.getMessage());
      return 1;
    }
    return 0;
  }

  /** One line of output. */
  static String json(Understanding u) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("language", u.language());
    fields.put("language_confidence", u.languageConfidence());
    fields.put("topic", u.confidentTopic().orElse(null));
    fields.put("confidence", u.topicConfidence());
    fields.put("urgent", u.urgent());
    fields.put("urgency", u.urgency());
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings and numbers always serialises", e);
    }
  }
}
