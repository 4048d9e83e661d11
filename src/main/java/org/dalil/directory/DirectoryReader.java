package org.dalil.directory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dalil.flow.Problem;
import org.dalil.flow.SourceLine;
import org.dalil.flow.Target;
import org.dalil.flow.YamlDocument;
import org.dalil.flow.YamlMap;
import org.dalil.i18n.SystemKeys;

/**
 * Reads {@code flows/directory.yaml}. Checks that need the settings (cities) or the whole
 * directory (duplicate ids) are the validator's.
 */
public final class DirectoryReader {

  public static final String FILE = "flows/directory.yaml";

  private static final Set<String> FIELDS =
      Set.of("id", "name", "cities", "topics", "languages", "contacts", "active");

  private DirectoryReader() {}

  /** The organisations of {@code text}; an entry that cannot be read is reported and left out. */
  public static Directory read(String text, List<Problem> problems) {
    int before = problems.size();
    org.yaml.snakeyaml.nodes.Node root = YamlDocument.parse(text, FILE, problems);
    if (problems.size() > before || root == null) {
      return Directory.EMPTY; // an empty file is an empty directory
    }
    YamlMap top = YamlMap.of(root, FILE, "directory.yaml", problems);
    if (top == null) {
      return Directory.EMPTY;
    }
    top.rejectUnknown(Set.of("organisations"), "directory.yaml (fields: organisations)");
    List<org.yaml.snakeyaml.nodes.Node> items = top.list("organisations");
    if (items == null) {
      return Directory.EMPTY;
    }
    List<Organisation> organisations = new ArrayList<>();
    for (org.yaml.snakeyaml.nodes.Node item : items) {
      Organisation o = readOrganisation(item, problems);
      if (o != null) {
        organisations.add(o);
      }
    }
    return new Directory(organisations);
  }

  private static Organisation readOrganisation(org.yaml.snakeyaml.nodes.Node item, List<Problem> problems) {
    YamlMap m = YamlMap.of(item, FILE, "an organisation", problems);
    if (m == null) {
      return null;
    }
    m.rejectUnknown(FIELDS, "an organisation (fields: id, name, cities, topics, languages, contacts, active)");
    String id = m.id("id", "an organisation", true);
    String what = id == null ? "an organisation" : "organisation `" + id + "`";
    String name = m.requiredText("name", what);
    List<String> cities = ids(m, "cities", what, true, problems);
    List<String> topics = ids(m, "topics", what, true, problems);
    List<String> languages = ids(m, "languages", what, false, problems);
    Map<String, String> contacts = new LinkedHashMap<>();
    YamlMap c = m.map("contacts");
    if (c != null) {
      for (String field : c.keys()) {
        if (!SystemKeys.CONTACT_FIELDS.contains(field)) {
          c.error(field, "unknown contact field `" + field + "` in " + what + " (one of "
              + String.join(", ", SystemKeys.CONTACT_FIELDS) + ")");
          continue;
        }
        String value = c.text(field);
        if (value != null && !value.isBlank()) {
          contacts.put(field, value.strip());
        }
      }
    }
    boolean active = m.bool("active", true);
    if (id == null || name == null || cities == null || topics == null) {
      return null;
    }
    return new Organisation(id, name.strip(), cities, topics, languages == null ? List.of() : languages,
        contacts, active, m.line());
  }

  /** A list of ids; null (with an error) when required and missing or empty. */
  private static List<String> ids(YamlMap m, String key, String what, boolean required, List<Problem> problems) {
    if (YamlMap.isNull(m.value(key))) {
      if (required) {
        m.error(key, "missing field `" + key + "` in " + what);
        return null;
      }
      return List.of();
    }
    List<org.yaml.snakeyaml.nodes.Node> items = m.list(key);
    if (items == null) {
      return required ? null : List.of(); // wrong type, reported
    }
    List<String> ids = new ArrayList<>();
    for (org.yaml.snakeyaml.nodes.Node item : items) {
      String id = YamlMap.itemText(item, FILE, "an item of `" + key + "`", problems);
      if (id == null) {
        continue;
      }
      if (!Target.isValidId(id)) {
        problems.add(Problem.error(YamlDocument.line(FILE, item),
            "bad id `" + id + "` in `" + key + "` of " + what + ": use a-z, 0-9, _ and -"));
        continue;
      }
      ids.add(id);
    }
    if (required && ids.isEmpty() && items.isEmpty()) {
      m.error(key, "`" + key + "` of " + what + " is empty");
      return null;
    }
    return ids;
  }
}
