package org.dalil.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dalil.channel.OutboundMessage;
import org.dalil.directory.Organisation;
import org.dalil.i18n.Catalog;
import org.dalil.i18n.SystemKeys;

/**
 * Turns the engine's message events into texts in the contact's language, from the catalog of
 * the flow set the event came from. Pure, like the engine.
 */
public final class MessageRenderer {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

  /** The message for a {@code SendText}, {@code SendMenu} or {@code SendServices}; empty otherwise. */
  public Optional<OutboundMessage> render(FlowSet set, Event event) {
    return render(set, event, false);
  }

  /**
   * Like {@link #render(FlowSet, Event)}; with {@code sms}, each text uses its shorter
   * {@code KEY.sms} variant when the language has one.
   */
  public Optional<OutboundMessage> render(FlowSet set, Event event, boolean sms) {
    return switch (event) {
      case Event.SendText t -> Optional.of(new OutboundMessage(
          paragraphs(set, t.paragraphs(), sms), List.of(), languageOf(t.paragraphs())));
      case Event.SendMenu m -> {
        List<OutboundMessage.Option> options = new ArrayList<>();
        for (Event.Choice c : m.choices()) {
          options.add(new OutboundMessage.Option(c.number(), text(set, c.label(), sms)));
        }
        yield Optional.of(new OutboundMessage(paragraphs(set, m.prompt(), sms), options, languageOf(m.prompt())));
      }
      case Event.SendServices s -> Optional.of(new OutboundMessage(services(set, s, sms), List.of(), s.language()));
      default -> Optional.empty();
    };
  }

  /** The text of one reference: its key in its language, with {@code {placeholders}} filled in. */
  public String text(FlowSet set, TextRef ref, boolean sms) {
    return fill(set, template(set.catalog(), ref.key(), ref.language(), sms), ref.variables(), ref.language());
  }

  private String paragraphs(FlowSet set, List<TextRef> refs, boolean sms) {
    List<String> texts = new ArrayList<>();
    for (TextRef ref : refs) {
      texts.add(text(set, ref, sms));
    }
    return String.join("\n", texts);
  }

  private static String languageOf(List<TextRef> refs) {
    return refs.isEmpty() ? null : refs.getFirst().language();
  }

  private String services(FlowSet set, Event.SendServices s, boolean sms) {
    String language = s.language();
    StringBuilder out = new StringBuilder(
        text(set, new TextRef(SystemKeys.SERVICES_INTRO, Map.of("topic", s.topic(), "city", s.city()), language), sms));
    for (String id : s.organisationIds()) {
      Optional<Organisation> found = set.directory() == null ? Optional.empty() : set.directory().byId(id);
      if (found.isEmpty()) {
        continue;
      }
      Organisation o = found.get();
      out.append("\n\n").append(o.name());
      for (String field : SystemKeys.CONTACT_FIELDS) {
        String value = o.contacts().get(field);
        if (value != null && !value.isBlank()) {
          out.append('\n').append(text(set,
              new TextRef(SystemKeys.CONTACT_PREFIX + field, Map.of("value", value.strip()), language), sms));
        }
      }
    }
    return out.toString();
  }

  /**
   * The text written for {@code key}: in the language itself (its SMS variant first when asked),
   * then in the catalog's fallback languages; the key itself when no language has it, so that a
   * missing text shows up instead of vanishing.
   */
  private static String template(Catalog catalog, String key, String language, boolean sms) {
    if (sms && language != null) {
      Optional<String> variant = catalog.exact(key + SystemKeys.SMS_SUFFIX, language);
      if (variant.isPresent()) {
        return variant.get();
      }
    }
    Optional<String> full = catalog.text(key, language);
    if (full.isPresent()) {
      return full.get();
    }
    if (sms) {
      Optional<String> variant = catalog.text(key + SystemKeys.SMS_SUFFIX, language);
      if (variant.isPresent()) {
        return variant.get();
      }
    }
    return key;
  }

  /**
   * Replaces {@code {name}} by the variable; a value of a choice list ({@code city} = rabat) by
   * its label ({@code city.rabat}) in the language, and a topic of the settings ({@code topic} =
   * health) by its label ({@code topic.health}). Unknown placeholders stay as written.
   */
  private static String fill(FlowSet set, String template, Map<String, String> variables, String language) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = variables.get(name);
      String replacement = value == null ? m.group() : shown(set, name, value, language);
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String shown(FlowSet set, String name, String value, String language) {
    List<String> list = set.settings().choiceLists().get(name);
    if (list != null && list.contains(value)) {
      return set.catalog().text(name + "." + value, language).orElse(value);
    }
    if (name.equals(Engine.TOPIC_VARIABLE) && set.settings().topics().containsKey(value)) {
      return set.catalog().text(SettingsReader.TOPIC_LABEL_PREFIX + value, language).orElse(value);
    }
    return value;
  }
}
