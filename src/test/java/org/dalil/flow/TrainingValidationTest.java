package org.dalil.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the validator says about `topics` in settings.yaml and the training files. */
class TrainingValidationTest {

  /** Five French phrases for each of `health` and `greetings`. */
  private static final String FR_TRAINING = """
      [health]
      je suis malade
      mon enfant est malade
      j'ai besoin d'un médecin
      où est l'hôpital
      j'ai de la fièvre
      [greetings]
      bonjour
      salut
      merci
      bonsoir
      coucou
      """;

  private static ContentSources withHealthTopic() {
    return ContentSources.minimal()
        .append("flows/settings.yaml", "topics:\n  health: health.start\n")
        .append("i18n/fr.properties", "topic.health=santé\n")
        .append("i18n/ar.properties", "topic.health=الصحة\n")
        .append("i18n/en.properties", "topic.health=health\n")
        .put("i18n/fr.training.txt", FR_TRAINING);
  }

  private static List<String> problems(ContentSources content) {
    return content.load().problems().stream().map(Problem::toString).toList();
  }

  @Test
  void topicsAndTrainingLoadIntoTheSettings() {
    FlowSetLoader.Result result = withHealthTopic().load();

    assertTrue(result.ok(), result.problems()::toString);
    assertEquals(Target.parse("health.start", null), result.flowSet().settings().topics().get("health"));
    assertTrue(result.flowSet().sources().containsKey("i18n/fr.training.txt"), "training files are part of the version");
    assertEquals(List.of(), result.problems());
  }

  @Test
  void aTopicLeadingNowhereIsAnError() {
    ContentSources content = withHealthTopic().replace("flows/settings.yaml", "health: health.start", "health: health.nowhere");
    int line = content.lineOf("flows/settings.yaml", "health: health.nowhere");

    List<String> problems = problems(content);

    assertTrue(problems.contains("flows/settings.yaml:" + line
        + ": error: topic `health`: unknown target `health.nowhere`: flow `health` has no node `nowhere`"), problems::toString);
  }

  @Test
  void aTopicNeedsItsLabelInEveryLanguage() {
    ContentSources content = withHealthTopic().removeKey("i18n/ar.properties", "topic.health");
    int line = content.lineOf("flows/settings.yaml", "health: health.start");

    assertTrue(problems(content).contains(
        "flows/settings.yaml:" + line + ": error: key `topic.health` is missing in i18n/ar.properties"));
  }

  @Test
  void aBadTopicNameOrTargetIsAnError() {
    ContentSources content = ContentSources.minimal().append("flows/settings.yaml", "topics:\n  Santé: health.start\n  work: ~\n");

    List<String> problems = problems(content);

    assertTrue(problems.stream().anyMatch(p -> p.contains("error: bad topic name `Santé`")), problems::toString);
    assertTrue(problems.stream().anyMatch(p -> p.contains("error: topic `work` needs a target")), problems::toString);
  }

  @Test
  void aTopicWithTooFewPhrasesIsAWarning() {
    ContentSources content = withHealthTopic().put("i18n/fr.training.txt", "[health]\nje suis malade\n");
    int line = content.lineOf("flows/settings.yaml", "health: health.start");

    assertTrue(problems(content).contains("flows/settings.yaml:" + line + ": warning: topic `health` has 1 training"
        + " phrase in i18n/fr.training.txt; write at least 5 so that it is recognised"), problems(content)::toString);
  }

  @Test
  void topicsWithoutAnyTrainingFileAreAWarning() {
    ContentSources content = withHealthTopic().remove("i18n/fr.training.txt");

    assertTrue(problems(content).stream().anyMatch(p -> p.contains("warning: `topics` is set but no training file")));
  }

  @Test
  void aTaughtTopicThatLeadsNowhereIsAWarning() {
    ContentSources content = withHealthTopic().append("i18n/fr.training.txt", "[housing]\nun appartement\n");
    int line = content.lineOf("i18n/fr.training.txt", "un appartement");

    assertTrue(problems(content).contains("i18n/fr.training.txt:" + line + ": warning: topic `housing` leads nowhere:"
        + " add it to `topics` in settings.yaml (`housing: flow.node`)"));
  }

  @Test
  void aPhraseTeachingTwoTopicsIsAWarning() {
    ContentSources content = withHealthTopic().append("i18n/fr.training.txt", "[health]\nbonjour\n");

    assertTrue(problems(content).stream().anyMatch(p -> p.contains("warning: this phrase also teaches [greetings]")),
        problems(content)::toString);
  }

  @Test
  void aTrainingFileOfAnotherLanguageIsIgnoredWithAWarning() {
    ContentSources content = withHealthTopic().put("i18n/de.training.txt", "[health]\nich bin krank\n");

    assertTrue(problems(content).contains("i18n/de.training.txt: warning: language `de` is not in the languages of"
        + " settings.yaml: file ignored"), problems(content)::toString);
  }

  @Test
  void errorsOfATrainingFileBlockTheContent() {
    ContentSources content = withHealthTopic().put("i18n/fr.training.txt", "sans section\n");

    FlowSetLoader.Result result = content.load();

    assertTrue(!result.ok());
    assertTrue(problems(content).contains(
        "i18n/fr.training.txt:1: error: phrase outside a section: start the file with [topic] or [urgent reason]"));
  }

  @Test
  void aFlowOnlyATopicLeadsToIsReachable() {
    ContentSources content = withHealthTopic()
        .put("flows/extra.yaml", "flow: extra\ntitle: Extra\nnodes:\n  - id: start\n    end: main.bye\n")
        .replace("flows/settings.yaml", "health: health.start", "health: extra.start");

    List<String> problems = problems(content);

    assertTrue(problems.stream().noneMatch(p -> p.contains("flow `extra` is never reached")), problems::toString);
  }
}
