package org.dalil.flow;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.dalil.directory.Directory;
import org.dalil.directory.Organisation;
import org.dalil.i18n.Catalog;

/**
 * Flow sets built in Java for engine and renderer tests, without the loader: a small builder for
 * flows and catalogs, and {@link #standard()}, a content set that exercises every node kind.
 */
public final class TestContent {
  private TestContent() {}

  public static final List<String> LANGUAGES = List.of("fr", "ar", "en");

  /** Builds one flow; targets are written as in YAML ({@code node} or {@code flow.node}). */
  public static final class FlowBuilder {
    private final String id;
    private final List<Node> nodes = new ArrayList<>();

    public FlowBuilder(String id) {
      this.id = id;
    }

    private Target to(String target) {
      return target == null ? null : Target.parse(target, id);
    }

    private SourceLine line() {
      return new SourceLine("flows/" + id + ".yaml", nodes.size() + 1);
    }

    public FlowBuilder message(String nodeId, String key, String next) {
      nodes.add(new MessageNode(nodeId, line(), key, false, to(next)));
      return this;
    }

    public FlowBuilder messageAll(String nodeId, String key, String next) {
      nodes.add(new MessageNode(nodeId, line(), key, true, to(next)));
      return this;
    }

    /** Options as {@code label, target} pairs, or {@code label, target, var=value} triples separated by ";". */
    public FlowBuilder menu(String nodeId, String prompt, String... options) {
      return menu(nodeId, prompt, false, options);
    }

    public FlowBuilder menuAll(String nodeId, String prompt, String... options) {
      return menu(nodeId, prompt, true, options);
    }

    private FlowBuilder menu(String nodeId, String prompt, boolean all, String... options) {
      List<MenuNode.Option> list = new ArrayList<>();
      for (String spec : options) {
        String[] parts = spec.split("\\s*;\\s*");
        Map<String, String> set = new LinkedHashMap<>();
        for (int i = 2; i < parts.length; i++) {
          String[] kv = parts[i].split("=", 2);
          set.put(kv[0], kv[1]);
        }
        list.add(new MenuNode.Option(parts[0], to(parts[1]), set, line()));
      }
      nodes.add(new MenuNode(nodeId, line(), prompt, all, list));
      return this;
    }

    public FlowBuilder input(String nodeId, String prompt, String into, Accept accept, String invalid, String next) {
      nodes.add(new InputNode(nodeId, line(), prompt, into, accept, invalid, to(next)));
      return this;
    }

    public FlowBuilder lookup(String nodeId, String topic, String city, String found, String none) {
      nodes.add(new LookupNode(nodeId, line(), topic, city, to(found), to(none)));
      return this;
    }

    public FlowBuilder handoff(String nodeId, String topic, boolean urgent, String text) {
      nodes.add(new HandoffNode(nodeId, line(), topic, urgent, text));
      return this;
    }

    public FlowBuilder setLanguage(String nodeId, String language, String next) {
      nodes.add(new SetLanguageNode(nodeId, line(), language, to(next)));
      return this;
    }

    public FlowBuilder jump(String nodeId, String target) {
      nodes.add(new JumpNode(nodeId, line(), to(target)));
      return this;
    }

    public FlowBuilder end(String nodeId, String key) {
      nodes.add(new EndNode(nodeId, line(), key));
      return this;
    }

    public Flow build() {
      return new Flow(id, "flows/" + id + ".yaml", nodes, List.of(), null);
    }
  }

  /** A catalog from one properties text per language, in {@link #LANGUAGES} order. */
  public static Catalog catalog(String... propertiesPerLanguage) {
    Map<String, Map<String, Catalog.Entry>> byLanguage = new LinkedHashMap<>();
    for (int i = 0; i < propertiesPerLanguage.length; i++) {
      Properties p = new Properties();
      try {
        p.load(new StringReader(propertiesPerLanguage[i]));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Map<String, Catalog.Entry> entries = new LinkedHashMap<>();
      String file = "i18n/" + LANGUAGES.get(i) + ".properties";
      p.stringPropertyNames().stream().sorted()
          .forEach(k -> entries.put(k, new Catalog.Entry(p.getProperty(k), new SourceLine(file, 0))));
      byLanguage.put(LANGUAGES.get(i), entries);
    }
    return new Catalog(byLanguage, List.of("fr", "en"));
  }

  public static FlowSettings settings(Map<String, List<String>> choiceLists) {
    return new FlowSettings(
        LANGUAGES,
        Target.parse("welcome.start", null),
        Target.parse("main.menu", null),
        Target.parse("welcome.start", null),
        Target.parse("human.start", null),
        Target.parse("human.offer", null),
        Duration.ofHours(24),
        3,
        choiceLists);
  }

  public static FlowSet flowSet(String version, FlowSettings settings, Catalog catalog, Directory directory, Flow... flows) {
    Map<String, Flow> byId = new LinkedHashMap<>();
    for (Flow f : flows) {
      byId.put(f.id(), f);
    }
    return new FlowSet(version, byId, settings, catalog, directory, Map.of());
  }

  public static Directory directory() {
    return new Directory(List.of(
        organisation("rabat_health", "Association Santé Rabat", List.of("rabat"), List.of("health", "services"),
            Map.of("phone", "+212 500 000 001", "address", "1 rue Exemple, Rabat"), true),
        organisation("national_line", "National Line", List.of(Organisation.NATIONWIDE), List.of("services"),
            orderedContacts("hours", "Mon-Fri", "phone", "+212 500 000 002", "email", "help@example.org", "website", " "),
            true),
        organisation("closed_org", "Closed Organisation", List.of("oujda"), List.of("health"),
            Map.of("phone", "+212 500 000 003"), false)));
  }

  private static Map<String, String> orderedContacts(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Organisation organisation(
      String id, String name, List<String> cities, List<String> topics, Map<String, String> contacts, boolean active) {
    return new Organisation(id, name, cities, topics, List.of("fr"), contacts, active, SourceLine.UNKNOWN);
  }

  public static final String FR = """
      welcome.start=Bienvenue. Votre langue ?
      welcome.intro=Dalil vous informe.
      language.fr=Français
      language.ar=العربية
      language.en=English
      language.en.keywords=anglais
      main.menu=Quel sujet ?
      main.menu.health=Santé
      main.menu.health.keywords=malade|médecin
      main.menu.services=Trouver une association
      main.menu.form=Formulaire
      main.menu.human=Parler à un bénévole
      main.menu.bye=Quitter
      main.menu.legal=Avocat
      main.bye=Au revoir.
      health.intro=Santé : allez aux urgences.
      health.intro.sms=Santé : urgences.
      health.more=Et maintenant ?
      common.find_service=Trouver une association
      common.previous=Revenir à la santé
      common.previous.keywords=retour
      common.quit=Terminer
      common.volunteer=Parler à un bénévole
      common.back_to_menu=Retour au menu
      services.ask_city=Votre ville ?
      services.unknown_city=Ville inconnue.
      services.after=Et ensuite ?
      services.none=Rien à {city}.
      form.age=Votre âge ?
      form.invalid_age=Un nombre de 1 à 120.
      form.code=Le code ?
      form.note=Un mot ?
      form.done=Merci {note}.
      human.start=Un bénévole arrive.
      human.offer=Voulez-vous un bénévole ?
      city.rabat=Rabat
      city.rabat.keywords=rbat
      city.oujda=Oujda
      city.casablanca=Casablanca
      city.casablanca.keywords=casa|dar el beida
      sys.reprompt.menu=Répondez de 1 à {max}.
      sys.reprompt.input=Réessayez.
      sys.stopped=C'est noté.
      sys.media_unsupported=Texte seulement.
      sys.services.intro=Organisations à {city} :
      sys.contact.phone=Tél : {value}
      sys.contact.whatsapp=WhatsApp : {value}
      sys.contact.email=E-mail : {value}
      sys.contact.website=Site : {value}
      sys.contact.address=Adresse : {value}
      sys.contact.hours=Horaires : {value}
      keywords.menu=menu|0|accueil|retour
      keywords.language=langue
      keywords.human=humain|bénévole
      keywords.stop=stop|arrêt
      numbers.1=un|une|premier
      numbers.2=deux
      numbers.3=trois
      numbers.4=quatre
      numbers.5=cinq
      numbers.6=six
      numbers.7=sept
      """;

  public static final String AR = """
      welcome.start=مرحبا. لغتك؟
      welcome.intro=دليل يخبرك.
      language.fr=Français
      language.ar=العربية
      language.ar.keywords=عربية|دارجة
      language.en=English
      main.menu=أي موضوع؟
      main.menu.health=الصحة
      main.menu.health.keywords=طبيب|مريض
      main.menu.services=البحث عن جمعية
      main.menu.form=استمارة
      main.menu.human=التحدث مع متطوع
      main.menu.bye=خروج
      main.menu.legal=محامي
      main.bye=مع السلامة.
      health.intro=الصحة: اذهب إلى المستعجلات.
      health.more=والآن؟
      services.ask_city=مدينتك؟
      services.none=لا شيء في {city}.
      human.start=سيأتي متطوع.
      city.rabat=الرباط
      city.oujda=وجدة
      city.casablanca=الدار البيضاء
      sys.reprompt.menu=أجب من 1 إلى {max}.
      sys.stopped=تم.
      sys.services.intro=جمعيات في {city}:
      sys.contact.phone=الهاتف: {value}
      keywords.menu=القائمة|قائمة
      keywords.language=لغة|اللغة
      keywords.human=متطوع
      keywords.stop=توقف
      numbers.1=واحد|wa7ed
      numbers.2=جوج|اثنان
      numbers.3=ثلاثة
      """;

  public static final String EN = """
      welcome.start=Welcome. Your language?
      welcome.intro=Dalil informs you.
      main.menu=Which topic?
      main.menu.health=Health
      main.menu.services=Find an organisation
      main.bye=Goodbye.
      keywords.menu=menu|home
      keywords.language=language
      keywords.human=human|volunteer
      keywords.stop=stop|unsubscribe
      numbers.1=one|first
      numbers.2=two
      numbers.3=three
      """;

  public static Map<String, List<String>> cities() {
    return Map.of("city", List.of("rabat", "oujda", "casablanca"));
  }

  /** Every node kind, the fixture most engine tests run on. */
  public static FlowSet standard() {
    return standard("v1");
  }

  public static FlowSet standard(String version) {
    Flow welcome = new FlowBuilder("welcome")
        .menuAll("start", "welcome.start", "language.fr; set_fr", "language.ar; set_ar", "language.en; set_en")
        .setLanguage("set_fr", "fr", "intro")
        .setLanguage("set_ar", "ar", "intro")
        .setLanguage("set_en", "en", "intro")
        .message("intro", "welcome.intro", "main.menu")
        .build();
    Flow main = new FlowBuilder("main")
        .menu("menu", "main.menu",
            "main.menu.health; health.start; topic=health",
            "main.menu.services; services.start; topic=services",
            "main.menu.form; form.age",
            "main.menu.human; human.start; topic=human",
            "main.menu.bye; bye",
            "main.menu.legal; legal.start")
        .end("bye", "main.bye")
        .build();
    Flow health = new FlowBuilder("health")
        .message("start", "health.intro", "more")
        .menu("more", "health.more",
            "common.find_service; services.start; topic=health",
            "common.previous; start",
            "common.quit; quit")
        .end("quit", null)
        .build();
    Flow services = new FlowBuilder("services")
        .input("start", "services.ask_city", "city", new Accept.OneOf("city"), "services.unknown_city", "find")
        .lookup("find", "{topic}", "{city}", "after", "nothing_found")
        .menu("after", "services.after", "common.volunteer; human.start", "common.back_to_menu; main.menu")
        .message("nothing_found", "services.none", "after")
        .build();
    Flow form = new FlowBuilder("form")
        .input("age", "form.age", "age", new Accept.WholeNumber(1, 120), "form.invalid_age", "code")
        .input("code", "form.code", "code", new Accept.Matching("^[0-9]{4}$"), null, "note")
        .input("note", "form.note", "note", new Accept.AnyText(10), null, "done")
        .end("done", "form.done")
        .build();
    Flow human = new FlowBuilder("human")
        .handoff("start", "general", false, "human.start")
        .menu("offer", "human.offer", "common.volunteer; start", "common.back_to_menu; main.menu")
        .build();
    Flow legal = new FlowBuilder("legal")
        .jump("start", "urgent")
        .handoff("urgent", "legal", true, null)
        .build();
    return flowSet(version, settings(cities()), catalog(FR, AR, EN), directory(),
        welcome, main, health, services, form, human, legal);
  }
}
