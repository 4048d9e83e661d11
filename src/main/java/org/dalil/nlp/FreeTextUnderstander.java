package org.dalil.nlp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.dalil.flow.FlowSet;
import org.dalil.flow.UserInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NLP the server runs: one {@link MessageClassifier} per content version, trained from that
 * version's files the first time it is needed (or ahead with {@link #prepare}). A version is
 * immutable, so its classifier never goes stale: publishing new training phrases makes a new
 * version, which gets a new classifier; conversations still on an older version are understood
 * with the newest one's classifier, since the words people write do not depend on the version.
 *
 * <p>Understanding must never cost a reply: if it fails, the message goes on without it.
 */
public final class FreeTextUnderstander implements Understander {
  private static final Logger log = LoggerFactory.getLogger(FreeTextUnderstander.class);
  private static final int CACHED_VERSIONS = 4;

  /**
   * Shared by every instance of the JVM: a version's classifier depends on the version alone, so
   * servers started one after the other (tests) train each version once.
   */
  private static final Cache<String, MessageClassifier> BY_VERSION =
      Caffeine.newBuilder().maximumSize(CACHED_VERSIONS).build();

  /** Null: the shared model, loaded when the first classifier is trained rather than at start-up. */
  private final OpenNlpLanguageModel model;
  private final TopicModels kept;

  public FreeTextUnderstander(OpenNlpLanguageModel model) {
    this(model, TopicModels.NONE);
  }

  private FreeTextUnderstander(OpenNlpLanguageModel model, TopicModels kept) {
    this.model = model;
    this.kept = kept;
  }

  /** With the shared language model (loaded once per JVM, on first use). */
  public static FreeTextUnderstander create() {
    return new FreeTextUnderstander(null);
  }

  /** With the shared language model, and topic models kept between starts in {@code kept}. */
  public static FreeTextUnderstander create(TopicModels kept) {
    return new FreeTextUnderstander(null, kept);
  }

  @Override
  public UserInput understand(FlowSet set, UserInput input) {
    if (set == null || input.kind() != UserInput.Kind.TEXT || input.text() == null || input.text().isBlank()) {
      return input;
    }
    try {
      return input.withUnderstanding(classifier(set).classify(input.text(), input.languageHint()));
    } catch (RuntimeException e) {
      log.error("understanding failed (flow version {}); the message goes on without it", set.version(), e);
      return input;
    }
  }

  /** The classifier of a version, trained now if it is not yet. */
  public MessageClassifier classifier(FlowSet set) {
    return BY_VERSION.get(set.version(), v -> train(set));
  }

  /** Trains the version's classifier ahead of its first message (in the calling thread). */
  public void prepare(FlowSet set) {
    try {
      classifier(set);
    } catch (RuntimeException e) {
      log.error("training for flow version {} failed; it will be tried again on the first message", set.version(), e);
    }
  }

  private MessageClassifier train(FlowSet set) {
    long start = System.nanoTime();
    MessageClassifier classifier = MessageClassifier.of(set, model != null ? model : OpenNlpLanguageModel.shared(), kept);
    log.info("flow version {}: understanding ready in {} ms ({} topics)", set.version(),
        (System.nanoTime() - start) / 1_000_000, classifier.topics().size());
    return classifier;
  }
}
