package org.dalil.nlp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.dalil.flow.FlowSet;
import org.dalil.flow.FlowSetLoader;
import org.dalil.flow.Understanding;
import org.dalil.i18n.Normalizer;

/**
 * Measures what Dalil understands of messages it never learnt: accuracy of the language and of
 * the topic, per language and per topic, urgency caught and false alarms, and the time per
 * message, on a labelled set ({@code bench/nlp/labelled.tsv}) with the classifier trained on the
 * content ({@code flows/}, {@code i18n/}) exactly as the server trains it.
 *
 * <p>Run after {@code ./mvnw package}: {@code java -cp target/dalil.jar org.dalil.nlp.NlpBenchmark
 * [labelled.tsv] [content-dir]}. {@code NlpBenchmarkTest} runs it in the build and fails under the
 * targets.
 *
 * <p>A topic counts as right when the classifier is confident of the expected topic, or, for a
 * message labelled {@code -}, confident of none: a guess below the threshold leads nowhere, so it
 * is not counted as understood.
 */
public final class NlpBenchmark {

  /** Hits out of a total. */
  public record Score(int right, int total) {
    public double rate() {
      return total == 0 ? 1 : (double) right / total;
    }

    Score plus(boolean hit) {
      return new Score(right + (hit ? 1 : 0), total + 1);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%5.1f%% (%d/%d)", 100 * rate(), right, total);
    }
  }

  /** A message the classifier got wrong, for the report. */
  public record Miss(LabelledMessage message, Understanding understood) {}

  /**
   * @param leaks labelled messages that are also training phrases (the measure is then wrong)
   * @param wrongJumps messages that would have been sent to a topic they are not about
   * @param microsPerMessage time to understand one message after warm-up: the median of several
   *     batches (other work on the machine only ever adds time)
   */
  public record Report(
      Map<String, Score> languageByLanguage,
      Map<String, Score> topicByLanguage,
      Map<String, Score> topicByTopic,
      Score language,
      Score topic,
      Score wrongJumps,
      Score urgentCaught,
      Score urgentFalseAlarms,
      double microsPerMessage,
      long trainingMillis,
      List<Miss> misses,
      List<LabelledMessage> leaks) {}

  private NlpBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path labelled = Path.of(args.length > 0 ? args[0] : "bench/nlp/labelled.tsv");
    Path content = Path.of(args.length > 1 ? args[1] : ".");
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    FlowSetLoader.Result loaded = new FlowSetLoader().load(content.resolve("flows"), content.resolve("i18n"));
    if (!loaded.ok()) {
      loaded.errors().forEach(out::println);
      System.exit(1);
    }
    Report report = run(loaded.flowSet(), LabelledMessage.parse(Files.readString(labelled, StandardCharsets.UTF_8)));
    print(report, out);
  }

  /** Trains on {@code set} and measures on {@code messages}. */
  public static Report run(FlowSet set, List<LabelledMessage> messages) {
    OpenNlpLanguageModel model = OpenNlpLanguageModel.shared();
    long start = System.nanoTime();
    MessageClassifier classifier = MessageClassifier.of(set, model);
    long trainingMillis = (System.nanoTime() - start) / 1_000_000;

    Map<String, Score> languageByLanguage = new TreeMap<>();
    Map<String, Score> topicByLanguage = new TreeMap<>();
    Map<String, Score> topicByTopic = new TreeMap<>();
    Score language = new Score(0, 0);
    Score topic = new Score(0, 0);
    Score wrongJumps = new Score(0, 0);
    Score caught = new Score(0, 0);
    Score falseAlarms = new Score(0, 0);
    List<Miss> misses = new ArrayList<>();
    for (LabelledMessage m : messages) {
      Understanding u = classifier.classify(m.text(), null);
      boolean languageRight = m.language().equals(u.language());
      boolean topicRight = Objects.equals(m.topic(), u.confidentTopic().orElse(null));
      language = language.plus(languageRight);
      topic = topic.plus(topicRight);
      wrongJumps = wrongJumps.plus(u.confidentTopic().isPresent() && !topicRight);
      languageByLanguage.merge(m.language(), new Score(0, 0).plus(languageRight), NlpBenchmark::sum);
      topicByLanguage.merge(m.language(), new Score(0, 0).plus(topicRight), NlpBenchmark::sum);
      topicByTopic.merge(m.topic() == null ? LabelledMessage.NO_TOPIC : m.topic(), new Score(0, 0).plus(topicRight),
          NlpBenchmark::sum);
      if (m.urgent()) {
        caught = caught.plus(u.urgent());
      } else {
        falseAlarms = falseAlarms.plus(u.urgent());
      }
      if (!languageRight || !topicRight || m.urgent() != u.urgent()) {
        misses.add(new Miss(m, u));
      }
    }
    return new Report(languageByLanguage, topicByLanguage, topicByTopic, language, topic, wrongJumps, caught,
        falseAlarms,
        microsPerMessage(classifier, messages), trainingMillis, misses, leaks(set, messages));
  }

  private static Score sum(Score a, Score b) {
    return new Score(a.right() + b.right(), a.total() + b.total());
  }

  /** The mean over many rounds, after a warm-up that lets the JIT compile the code. */
  private static double microsPerMessage(MessageClassifier classifier, List<LabelledMessage> messages) {
    if (messages.isEmpty()) {
      return 0;
    }
    for (int round = 0; round < 100; round++) {
      messages.forEach(m -> classifier.classify(m.text(), null));
    }
    int batches = 7;
    int rounds = 20;
    double[] micros = new double[batches];
    for (int b = 0; b < batches; b++) {
      long start = System.nanoTime();
      for (int round = 0; round < rounds; round++) {
        messages.forEach(m -> classifier.classify(m.text(), null));
      }
      micros[b] = (System.nanoTime() - start) / 1000.0 / rounds / messages.size();
    }
    java.util.Arrays.sort(micros);
    return micros[batches / 2];
  }

  /** Labelled messages that are training phrases too, compared normalised. */
  static List<LabelledMessage> leaks(FlowSet set, List<LabelledMessage> messages) {
    TrainingPhrases training = TrainingPhrases.fromSources(set.sources(), set.settings().languages());
    Set<String> phrases = new LinkedHashSet<>();
    training.phrases().forEach(p -> phrases.add(Normalizer.normalize(p.text())));
    return messages.stream().filter(m -> phrases.contains(Normalizer.normalize(m.text()))).toList();
  }

  public static void print(Report r, PrintStream out) {
    out.println("NLP benchmark: " + r.language().total() + " labelled messages, none used in training");
    out.printf(Locale.ROOT, "training: %d ms; time per message: %.1f µs%n", r.trainingMillis(), r.microsPerMessage());
    out.println();
    out.println("language  language right    topic right");
    for (String language : r.languageByLanguage().keySet()) {
      out.printf(Locale.ROOT, "%-9s %s  %s%n", language, r.languageByLanguage().get(language),
          r.topicByLanguage().get(language));
    }
    out.printf(Locale.ROOT, "%-9s %s  %s%n", "all", r.language(), r.topic());
    out.println();
    out.println("topic       topic right");
    r.topicByTopic().forEach((t, s) -> out.printf(Locale.ROOT, "%-11s %s%n", t, s));
    out.println();
    out.println("sent to a wrong topic: " + r.wrongJumps() + " (the others stay on the menu when unsure)");
    out.println("urgent messages caught: " + r.urgentCaught() + "; false alarms: " + r.urgentFalseAlarms());
    if (!r.leaks().isEmpty()) {
      out.println();
      out.println("WARNING: these labelled messages are training phrases too (the measure is wrong):");
      r.leaks().forEach(m -> out.println("  line " + m.line() + ": " + m.text()));
    }
    if (!r.misses().isEmpty()) {
      out.println();
      out.println("misses (expected -> understood):");
      for (Miss miss : r.misses()) {
        LabelledMessage m = miss.message();
        Understanding u = miss.understood();
        out.printf(Locale.ROOT, "  line %d: %s/%s%s -> %s %.2f / %s %.2f%s  %s%n", m.line(), m.language(),
            m.topic() == null ? LabelledMessage.NO_TOPIC : m.topic(), m.urgent() ? "/urgent" : "",
            u.language(), u.languageConfidence(), u.topic(), u.topicConfidence(),
            u.urgent() ? "/urgent " + u.urgency() : "", m.text());
      }
    }
  }
}
