package org.dalil.nlp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The language of a message, among the languages of the content. Short messages are hard for a
 * statistical model alone, so cheap signals come first and the model is one voice among several:
 *
 * <ol>
 *   <li>Arabic letters: Arabic (Darija written in Arabic letters is Arabic too), with confidence.
 *   <li>Latin letters: OpenNLP's pretrained model (scores of the candidate languages only), the
 *       words of the content's own texts in each language ({@link WordLanguageModel}), digits
 *       used as Arabic letters ("n3ref", "wa7ed"), and the channel's hint (Telegram's
 *       language_code). Darija in Latin letters comes out as Arabic, never with enough confidence
 *       to switch: the contact is offered the choice, since they may not read Arabic script.
 *   <li>One or two words in Latin letters never give full confidence ("ok", "salut", "merci"
 *       are written whatever one's language).
 * </ol>
 */
public final class LanguageDetector {

  /** A language and how sure of it we are (0 to 1); null language when nothing suggests one. */
  public record Guess(String language, double confidence) {
    public static final Guess NONE = new Guess(null, 0);
  }

  static final double ARABIC_SCRIPT = 0.97;
  /** Arabic in Latin letters: recognised, but below {@code Understanding.CONFIDENT_LANGUAGE}. */
  static final double ARABIZI_CAP = 0.6;
  /** A hint alone, with no letter to read (an emoji, a number). */
  static final double HINT_ONLY = 0.5;
  /** The most confidence one word, then two words in Latin letters can give. */
  static final double ONE_WORD_CAP = 0.7;
  static final double TWO_WORDS_CAP = 0.85;
  /** Weights of the signals, in log-odds. */
  static final double MODEL_WEIGHT = 4.0;
  static final double HINT_BONUS = 1.5;
  static final double ARABIZI_DIGIT_BONUS = 2.0;
  static final String ARABIC = "ar";

  /** A word mixing Latin letters and the digits that write Arabic sounds (3 = ع, 7 = ح, 9 = ق...). */
  private static final Pattern ARABIZI_WORD = Pattern.compile("(?=.*\\p{IsLatin})(?=.*[235679])[\\p{IsLatin}235679]+");
  /** Numbers with a unit or an ordinal ("2eme", "5km", "3h") are not Arabizi. */
  private static final Pattern NUMBER_WITH_UNIT =
      Pattern.compile("[0-9]+(e|er|eme|nd|rd|st|th|h|am|pm|km|kg|dh|mad|ans|an|mois|j|min)");

  private final List<String> languages;
  private final List<String> latinLanguages;
  private final Map<String, String> iso3;
  private final WordLanguageModel words;
  private final OpenNlpLanguageModel model;

  /**
   * @param languages the candidates (the content's languages, such as fr, ar, en)
   * @param textsByLanguage texts written in each language (translations, training phrases)
   */
  public LanguageDetector(List<String> languages, Map<String, List<String>> textsByLanguage, OpenNlpLanguageModel model) {
    this.languages = List.copyOf(languages);
    this.latinLanguages = languages.stream().filter(l -> !l.equals(ARABIC)).toList();
    this.iso3 = new HashMap<>();
    for (String l : latinLanguages) {
      iso3.put(l, Locale.of(l).getISO3Language());
    }
    this.words = WordLanguageModel.of(textsByLanguage);
    this.model = model;
  }

  public Guess detect(String text, String hint) {
    String hinted = hinted(hint);
    int arabic = 0;
    int latin = 0;
    String s = text == null ? "" : text;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) {
        continue;
      }
      Character.UnicodeScript script = Character.UnicodeScript.of(cp);
      if (script == Character.UnicodeScript.ARABIC) {
        arabic++;
      } else if (script == Character.UnicodeScript.LATIN) {
        latin++;
      }
    }
    if (arabic == 0 && latin == 0) {
      return hinted != null ? new Guess(hinted, HINT_ONLY) : Guess.NONE;
    }
    if (arabic >= latin) {
      return languages.contains(ARABIC) ? new Guess(ARABIC, ARABIC_SCRIPT) : Guess.NONE;
    }
    return latin(s, hinted);
  }

  private Guess latin(String text, String hinted) {
    List<String> tokens = new ArrayList<>();
    for (String t : Tokens.of(text)) {
      if (Tokens.isLatin(t)) {
        tokens.add(t);
      }
    }
    Map<String, Double> logits = new HashMap<>();
    languages.forEach(l -> logits.put(l, 0.0));
    words.evidence(tokens).forEach((l, e) -> logits.computeIfPresent(l, (k, v) -> v + e));
    if (latinLanguages.size() > 1) {
      Map<String, Double> lp = model.logProbabilities(text.toLowerCase(Locale.ROOT), List.copyOf(iso3.values()));
      double mean = lp.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
      for (String l : latinLanguages) {
        logits.merge(l, MODEL_WEIGHT * (lp.get(iso3.get(l)) - mean), Double::sum);
      }
    }
    if (languages.contains(ARABIC)) {
      long arabizi = tokens.stream().filter(t -> ARABIZI_WORD.matcher(t).matches() && !NUMBER_WITH_UNIT.matcher(t).matches()).limit(2).count();
      logits.merge(ARABIC, ARABIZI_DIGIT_BONUS * arabizi, Double::sum);
    }
    if (hinted != null) {
      logits.merge(hinted, HINT_BONUS, Double::sum);
    }
    String best = null;
    double max = Double.NEGATIVE_INFINITY;
    for (String l : languages) {
      if (logits.get(l) > max) {
        max = logits.get(l);
        best = l;
      }
    }
    double sum = 0;
    for (double v : logits.values()) {
      sum += Math.exp(v - max);
    }
    double confidence = 1 / sum;
    if (tokens.size() <= 1) {
      confidence = Math.min(confidence, ONE_WORD_CAP);
    } else if (tokens.size() == 2) {
      confidence = Math.min(confidence, TWO_WORDS_CAP);
    }
    if (ARABIC.equals(best)) {
      confidence = Math.min(confidence, ARABIZI_CAP);
    }
    return new Guess(best, confidence);
  }

  /** The hint's language ({@code fr-FR} gives fr) when it is a candidate. */
  private String hinted(String hint) {
    if (hint == null || hint.isBlank()) {
      return null;
    }
    String primary = hint.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
    return languages.contains(primary) ? primary : null;
  }
}
