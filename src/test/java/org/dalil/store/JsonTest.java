package org.dalil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.dalil.channel.OutboundMessage;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void anOutboundMessageRoundTripsWithItsKind() {
    OutboundMessage menu = new OutboundMessage("Choisissez :", List.of(new OutboundMessage.Option(1, "Santé")), "fr");
    OutboundMessage reengage = OutboundMessage.reengage("Écrivez-nous pour lire la réponse.", "fr");

    assertEquals(menu, Json.outboundMessage(Json.write(menu)));
    assertEquals(reengage, Json.outboundMessage(Json.write(reengage)));
    assertEquals(OutboundMessage.Kind.REENGAGE, Json.outboundMessage(Json.write(reengage)).kind());
  }

  @Test
  void aRowQueuedBeforeKindsExistedIsAReply() {
    OutboundMessage old = Json.outboundMessage("{\"text\":\"Bonjour\",\"options\":[],\"language\":\"fr\"}");

    assertEquals(new OutboundMessage("Bonjour", List.of(), "fr", OutboundMessage.Kind.REPLY), old);
  }
}
