package org.dalil.flow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.dalil.i18n.Normalizer;

/**
 * Decides what a reply means for the node waiting for it. Every comparison goes through
 * {@link Normalizer#normalize}, against the words of every language.
 */
public final class ReplyMatcher {
  private ReplyMatcher() {}

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
  private static final Pattern NEGATIVE = Pattern.compile("[-\u2212][0-9]{1,18}");
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  /**
   * The compiled patterns of input nodes: a pattern belongs to the content, not to the message,
   * so it is compiled once rather than for every reply. Empty for a pattern that does not compile.
   */
  private static final Cache<String, Optional<Pattern>> PATTERNS = Caffeine.newBuilder().maximumSize(512).build();

  /**
   * The number (from 1) of the option a reply chooses among options labelled {@code labels}: the
   * number in any digits ("2", "٢", "(2)"), a number word of any language ("deux", "two", "جوج"),
   * the label's text in any language, or one of its {@code .keywords}.
   */
  public static OptionalInt menuOption(List<String> labels, Vocabulary vocabulary, String reply) {
    String n = Normalizer.normalize(reply);
    if (n.isEmpty()) {
      return OptionalInt.empty();
    }
    if (DIGITS.matcher(n).matches()) {
      long number = Long.parseLong(n);
      return number >= 1 && number <= labels.size() ? OptionalInt.of((int) number) : OptionalInt.empty();
    }
    for (int i = 1; i <= labels.size(); i++) {
      if (vocabulary.numberWords(i).contains(n)) {
        return OptionalInt.of(i);
      }
    }
    for (int i = 1; i <= labels.size(); i++) {
      if (vocabulary.labelWords(labels.get(i - 1)).contains(n)) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  /**
   * The value of a choice list ({@code city}) that the whole reply names: the text of
   * {@code list.value} or one of {@code list.value.keywords}, in any language.
   */
  public static Optional<String> choiceExact(List<String> values, String list, Vocabulary vocabulary, String reply) {
    String n = Normalizer.normalize(reply);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    for (String value : values) {
      if (vocabulary.labelWords(list + "." + value).contains(n)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /**
   * Like {@link #choiceExact}, and also a reply that contains the words of exactly one value
   * ("je suis à Rabat"); a reply naming two values is not a choice.
   */
  public static Optional<String> choice(List<String> values, String list, Vocabulary vocabulary, String reply) {
    Optional<String> exact = choiceExact(values, list, vocabulary, reply);
    if (exact.isPresent()) {
      return exact;
    }
    String sentence = " " + words(Normalizer.normalize(reply)) + " ";
    String found = null;
    for (String value : values) {
      for (String word : vocabulary.labelWords(list + "." + value)) {
        String w = words(word);
        if (!w.isEmpty() && sentence.contains(" " + w + " ")) {
          if (found != null && !found.equals(value)) {
            return Optional.empty();
          }
          found = value;
        }
      }
    }
    return Optional.ofNullable(found);
  }

  /** A whole number written alone, in any digits, possibly negative. */
  public static OptionalLong wholeNumber(String reply) {
    // The normaliser trims a leading minus as punctuation: look at the raw text for negatives.
    String raw = Normalizer.westernDigits(reply == null ? "" : reply.strip());
    if (NEGATIVE.matcher(raw).matches()) {
      return OptionalLong.of(-Long.parseLong(raw.substring(1)));
    }
    String n = Normalizer.normalize(reply);
    return DIGITS.matcher(n).matches() ? OptionalLong.of(Long.parseLong(n)) : OptionalLong.empty();
  }

  /**
   * The value an input node stores for {@code reply}, or empty when the node does not accept it.
   *
   * @param choiceLists the settings' choice lists, for {@link Accept.OneOf}
   */
  public static Optional<String> answer(
      Accept accept, Map<String, List<String>> choiceLists, Vocabulary vocabulary, String reply) {
    String text = reply == null ? "" : reply;
    return switch (accept) {
      case Accept.AnyText a -> anyText(text, a.max());
      case Accept.OneOf o -> choice(choiceLists.getOrDefault(o.list(), List.of()), o.list(), vocabulary, text);
      case Accept.WholeNumber w -> {
        OptionalLong number = wholeNumber(text);
        yield number.isPresent() && number.getAsLong() >= w.min() && number.getAsLong() <= w.max()
            ? Optional.of(Long.toString(number.getAsLong()))
            : Optional.empty();
      }
      case Accept.Matching m -> matching(text.strip(), m.regex());
    };
  }

  /**
   * An answer that names exactly what the node asks for (a value of its choice list), which
   * wins over a global keyword. Free text, numbers and patterns never do: otherwise "stop" typed
   * into a free-text question would be stored instead of stopping.
   */
  public static Optional<String> explicitAnswer(
      Accept accept, Map<String, List<String>> choiceLists, Vocabulary vocabulary, String reply) {
    if (accept instanceof Accept.OneOf o) {
      return choiceExact(choiceLists.getOrDefault(o.list(), List.of()), o.list(), vocabulary, reply);
    }
    return Optional.empty();
  }

  private static Optional<String> anyText(String text, int max) {
    String s = text.strip();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    if (max > 0 && s.codePointCount(0, s.length()) > max) {
      s = s.substring(0, s.offsetByCodePoints(0, max));
    }
    return Optional.of(s);
  }

  private static Optional<String> matching(String text, String regex) {
    Optional<Pattern> compiled = PATTERNS.get(regex, ReplyMatcher::compile);
    if (compiled.isEmpty() || text.isEmpty()) {
      return Optional.empty();
    }
    Pattern pattern = compiled.get();
    if (pattern.matcher(text).matches()) {
      return Optional.of(text);
    }
    // A pattern written with [0-9] must accept the same number typed on an Arabic keyboard.
    String western = Normalizer.westernDigits(text);
    return pattern.matcher(western).matches() ? Optional.of(western) : Optional.empty();
  }

  private static Optional<Pattern> compile(String regex) {
    try {
      return Optional.of(Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      // The validator reports a bad pattern; at run time it simply accepts nothing.
      return Optional.empty();
    }
  }

  private static String words(String normalised) {
    return NOT_WORD.matcher(normalised).replaceAll(" ").strip();
  }
}
