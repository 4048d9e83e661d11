package org.dalil.flow;

import static org.dalil.flow.ProblemAssertions.assertHasError;
import static org.dalil.flow.ProblemAssertions.assertSingleError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Structure errors of one flow file: each names the file and the line of the offending field. */
class FlowFileReaderTest {
  private static final String FILE = "flows/health.yaml";

  /** The minimal content with flows/health.yaml replaced; line 1 is {@code flow: health}. */
  private static FlowSetLoader.Result health(String text) {
    return ContentSources.minimal().put(FILE, text).load();
  }

  @Test
  void readsEveryNodeKindWithItsFields() {
    List<Problem> problems = new ArrayList<>();
    FlowFileReader.ReadFlow read = FlowFileReader.read("flows/services.yaml",
        ContentSources.minimal().get("flows/services.yaml"), problems);
    assertEquals(List.of(), problems);
    Flow flow = read.flow();
    assertEquals("services", flow.id());
    InputNode input = assertInstanceOf(InputNode.class, flow.start());
    assertEquals(new InputNode("start", new SourceLine("flows/services.yaml", 4), "services.ask_city", "city",
        new Accept.OneOf("city"), "services.unknown_city", new Target("services", "find")), input);
    LookupNode lookup = assertInstanceOf(LookupNode.class, flow.node("find").orElseThrow());
    assertEquals("{topic}", lookup.topic());
    assertEquals(new Target("services", "nothing_found"), lookup.none());
    MenuNode menu = assertInstanceOf(MenuNode.class, flow.node("after").orElseThrow());
    assertEquals(new Target("main", "menu"), menu.options().get(1).next());
    assertEquals(18, menu.options().get(1).line().line());
    assertEquals(new SourceLine("flows/services.yaml", 12), read.lines().of(lookup, "found"));
  }

  @Test
  void readsTheOtherKindsAndDefaults() {
    List<Problem> problems = new ArrayList<>();
    Flow flow = FlowFileReader.read("flows/x.yaml", """
        flow: x
        reviewed: 2026-01-15
        nodes:
          - id: a
            handoff: protection
            urgent: yes
            text: x.handoff
          - id: b
            set_language: ar
            goto: c
          - id: c
            jump: main.menu
          - id: d
            jump: main
          - id: e
            end: ~
          - id: f
            input: x.age
            into: age
            accept: {number: {min: 1, max: 99}}
            goto: e
          - id: g
            input: x.code
            into: code
            accept: {pattern: "^[0-9]{4}$"}
            goto: e
          - id: h
            input: x.free
            into: note
            goto: e
          - id: i
            message: x.hello
            all_languages: true
        """, problems).flow();
    assertEquals(List.of(), problems);
    assertEquals(new HandoffNode("a", new SourceLine("flows/x.yaml", 4), "protection", true, "x.handoff"), flow.start());
    assertEquals(new Target("x", "c"), ((SetLanguageNode) flow.node("b").orElseThrow()).next());
    assertEquals(new Target("main", "menu"), ((JumpNode) flow.node("c").orElseThrow()).target());
    assertEquals(new Target("main", null), ((JumpNode) flow.node("d").orElseThrow()).target());
    assertNull(((EndNode) flow.node("e").orElseThrow()).text());
    assertEquals(new Accept.WholeNumber(1, 99), ((InputNode) flow.node("f").orElseThrow()).accept());
    assertEquals(new Accept.Matching("^[0-9]{4}$"), ((InputNode) flow.node("g").orElseThrow()).accept());
    assertEquals(new Accept.AnyText(FlowFileReader.DEFAULT_TEXT_MAX), ((InputNode) flow.node("h").orElseThrow()).accept());
    MessageNode last = (MessageNode) flow.node("i").orElseThrow();
    assertTrue(last.allLanguages());
    assertNull(last.next());
  }

  @Test
  void unknownNodeKind() {
    assertSingleError(health("""
        flow: health
        nodes:
          - id: start
            message: health.intro
            goto: more
          - id: more
            question: common.what_next
        """), FILE, 7, "unknown node kind `question`");
  }

  @Test
  void nodeWithoutKind() {
    assertSingleError(health("""
        flow: health
        nodes:
          - id: start
            message: health.intro
          - id: lonely
        """), FILE, 5, "node `lonely` has no kind");
  }

  @Test
  void twoKindsOnOneNode() {
    assertSingleError(health("""
        flow: health
        nodes:
          - id: start
            message: health.intro
            menu: common.what_next
        """), FILE, 5, "has two kinds: `message` and `menu`");
  }

  @Test
  void unknownField() {
    assertSingleError(health("""
        flow: health
        nodes:
          - id: start
            message: health.intro
            colour: red
        """), FILE, 5, "unknown field `colour`");
  }

  @Test
  void fieldOfAnotherKind() {
    assertSingleError(health("""
        flow: health
        nodes:
          - id: start
            message: health.intro
            options: []
        """), FILE, 5, "field `options` does not belong to a `message` node");
  }

  @Test
  void unknownFieldOfTheFlow() {
    assertSingleError(health("""
        flow: health
        titel: Health
        nodes:
          - id: start
            message: health.intro
        """), FILE, 2, "unknown field `titel`");
  }

  @Test
  void wrongType() {
    assertSingleError(health("""
        flow: health
        nodes:
          - id: start
            message: health.intro
            goto: [more, less]
        """), FILE, 5, "`goto` must be text, not a list");
  }

  @Test
  void wrongTypeOfBoolean() {
    assertSingleError(health("""
        flow: health
        nodes:
          - id: start
            message: health.intro
            all_languages: maybe
        """), FILE, 5, "`all_languages` must be true or false");
  }

  @Test
  void missingRequiredField() {
    assertSingleError(health("""
        flow: health
        nodes:
          - id: start
            input: services.ask_city
            accept: {one_of: city}
            goto: done
          - id: done
            end: ~
        """), FILE, 3, "missing field `into` in node `start`");
  }

  @Test
  void missingId() {
    assertSingleError(health("""
        flow: health
        nodes:
          - message: health.intro
        """), FILE, 3, "missing field `id`");
  }

  @Test
  void badId() {
    assertSingleError(health("""
        flow: health
        nodes:
          - id: Start Here
            message: health.intro
        """), FILE, 3, "bad id `Start Here`");
  }

  @Test
  void badTarget() {
    assertSingleError(health("""
        flow: health
        nodes:
          - id: start
            message: health.intro
            goto: main.menu.extra
        """), FILE, 5, "bad target `main.menu.extra`");
  }

  @Test
  void badPattern() {
    assertSingleError(health("""
        flow: health
        nodes:
          - id: start
            input: services.ask_city
            into: code
            accept: {pattern: "[0-9"}
            goto: start
        """), FILE, 6, "bad pattern");
  }

  @Test
  void twoAcceptKinds() {
    assertSingleError(health("""
        flow: health
        nodes:
          - id: start
            input: services.ask_city
            into: code
            accept:
              one_of: city
              text: {max: 20}
            goto: start
        """), FILE, 8, "not two");
  }

  @Test
  void badDate() {
    assertSingleError(health("""
        flow: health
        reviewed: last week
        nodes:
          - id: start
            message: health.intro
        """), FILE, 2, "bad date `last week`");
  }

  @Test
  void duplicateField() {
    assertSingleError(health("""
        flow: health
        nodes:
          - id: start
            message: health.intro
            message: common.quit
        """), FILE, 5, "duplicate field `message` (first on line 4)");
  }

  @Test
  void flowIdMustEqualTheFileName() {
    assertHasError(health("""
        flow: wellbeing
        nodes:
          - id: start
            message: health.intro
        """), FILE, 1, "`flow: wellbeing` must equal the file name `health`");
  }

  @Test
  void malformedYamlNamesItsLine() {
    assertSingleError(health("""
        flow: health
        nodes:
          - id: start
            message: health.intro
           goto: x
        """), FILE, 5, "malformed YAML");
  }

  @Test
  void unclosedBracket() {
    assertSingleError(health("""
        flow: health
        nodes:
          - {id: start, message: health.intro
        """), FILE, 4, "malformed YAML");
  }

  @Test
  void aListInsteadOfAMap() {
    assertSingleError(health("""
        - flow: health
        - nodes: []
        """), FILE, 1, "a flow file must be a map of fields, not a list");
  }

  @Test
  void emptyFile() {
    assertSingleError(health(""), FILE, 1, "a flow file must be a map of fields, not empty");
  }

  @Test
  void flowWithoutNodes() {
    assertSingleError(health("flow: health\nnodes: []\n"), FILE, 2, "has no nodes");
  }
}
