package org.dalil.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dalil.channel.InboundMessage;
import org.dalil.channel.OutboundMessage;
import org.dalil.flow.ConversationState;
import org.dalil.flow.FlowSet;
import org.dalil.flow.UserInput;
import org.dalil.nlp.FreeTextUnderstander;
import org.dalil.nlp.OpenNlpLanguageModel;
import org.dalil.store.ContactDao;
import org.dalil.store.ConversationDao;
import org.dalil.store.Handoff;
import org.dalil.store.HandoffDao;
import org.dalil.store.TestDatabaseExtension;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conversation service with the real NLP on PostgreSQL: the minimal test content plus a
 * French training file and a `health` topic.
 */
class ConversationUnderstandingTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();
  private static final Instant T0 = Instant.parse("2026-05-04T09:00:00Z");

  @TempDir static Path dir;
  private static FlowSet content;
  private ConversationService service;

  @BeforeAll
  static void content() throws IOException {
    Path root = MinimalContent.copyTo(dir.resolve("content"));
    append(root.resolve("flows/settings.yaml"), "topics:\n  health: health.start\n");
    append(root.resolve("i18n/fr.properties"), "topic.health=la santé\n");
    append(root.resolve("i18n/ar.properties"), "topic.health=الصحة\n");
    append(root.resolve("i18n/en.properties"), "topic.health=health\n");
    Files.writeString(root.resolve("i18n/fr.training.txt"), """
        [health]
        je suis malade
        mon enfant est malade
        j'ai besoin d'un médecin
        où est l'hôpital
        j'ai de la fièvre
        ma fille a mal au ventre
        [greetings]
        bonjour
        salut
        merci
        bonsoir
        coucou
        [urgent violence]
        il me frappe
        """, StandardCharsets.UTF_8);
    content = MinimalContent.load(root);
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, Files.readString(file, StandardCharsets.UTF_8) + text, StandardCharsets.UTF_8);
  }

  @BeforeEach
  void setUp() {
    FlowVersions versions = new FlowVersions(jdbi());
    versions.publish(content);
    service = new ConversationService(jdbi(), versions, channel -> {})
        .withUnderstander(new FreeTextUnderstander(OpenNlpLanguageModel.shared()));
  }

  private static Jdbi jdbi() {
    return db.database().jdbi();
  }

  private static String newAddress() {
    return "+2126" + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000L);
  }

  private List<OutboundMessage> say(String address, String text) {
    return service.handle(new InboundMessage("simulator", address, UUID.randomUUID().toString(), UserInput.text(text), T0))
        .replies();
  }

  private static long contactId(String address) {
    return jdbi().withExtension(ContactDao.class, d -> d.findId("simulator", address)).orElseThrow();
  }

  private static ConversationState state(String address) {
    return jdbi().withExtension(ConversationDao.class, d -> d.find(contactId(address))).orElseThrow().state();
  }

  private static Handoff openHandoff(String address) {
    return jdbi().withExtension(HandoffDao.class, d -> d.findOpen(contactId(address))).orElseThrow();
  }

  @Test
  void aFirstMessageWithACertainTopicGoesThereInItsLanguage() {
    String address = newAddress();

    List<OutboundMessage> replies = say(address, "bonsoir, mon fils est malade et il a de la fièvre");

    // The privacy notice heads the first reply to a new contact (issue 6), then what was understood.
    assertTrue(replies.getFirst().text().contains("\nJ'ai compris que votre question concerne : la santé."),
        replies.toString());
    assertEquals("fr", state(address).language());
    assertEquals("health", state(address).variables().get("topic"));
    assertEquals("fr", jdbi().withExtension(ContactDao.class, d -> d.find(contactId(address))).orElseThrow().language());
  }

  @Test
  void anUrgentMessageInTheMiddleOfAFlowOpensAnUrgentHandoff() {
    String address = newAddress();
    say(address, "bonjour");
    say(address, "1");

    List<OutboundMessage> replies = say(address, "il me frappe tous les soirs");

    assertEquals(1, replies.size());
    assertTrue(replies.getFirst().text().startsWith("Votre message est important"), replies.toString());
    assertEquals(ConversationState.Status.HANDOFF, state(address).status());
    Handoff handoff = openHandoff(address);
    assertTrue(handoff.urgent());
    assertEquals("violence", handoff.topic());
  }

  @Test
  void anUrgentMessageToAVolunteerMakesTheOpenHandoffUrgent() {
    String address = newAddress();
    say(address, "bonjour");
    say(address, "1");
    say(address, "humain");
    Handoff before = openHandoff(address);
    assertEquals(false, before.urgent());

    List<OutboundMessage> replies = say(address, "il me frappe");

    assertEquals(List.of(), replies, "the bot stays silent while a volunteer has the conversation");
    Handoff after = openHandoff(address);
    assertEquals(before.id(), after.id());
    assertTrue(after.urgent());
  }

  @Test
  void withoutTheUnderstanderTheSameMessageIsAMiss() {
    FlowVersions versions = new FlowVersions(jdbi());
    versions.publish(content);
    ConversationService plain = new ConversationService(jdbi(), versions, channel -> {});
    String address = newAddress();
    for (String text : List.of("bonjour", "1")) {
      plain.handle(new InboundMessage("simulator", address, UUID.randomUUID().toString(), UserInput.text(text), T0));
    }

    plain.handle(new InboundMessage("simulator", address, UUID.randomUUID().toString(),
        UserInput.text("il me frappe"), T0));

    assertEquals(ConversationState.Status.ACTIVE, state(address).status());
    assertEquals(1, state(address).misses());
  }
}
