package org.dalil.web.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import org.dalil.flow.FlowSetLoader;
import org.dalil.i18n.Catalog;
import org.junit.jupiter.api.Test;

/** A failed reply's reason, as a volunteer reads it in the conversation, from the shipped texts. */
class DeliveryErrorTextTest {
  private static final Catalog SHIPPED = shipped();

  private static Catalog shipped() {
    FlowSetLoader.Result r = new FlowSetLoader().load(Path.of("flows"), Path.of("i18n"));
    assertTrue(r.ok(), r.problems().toString());
    return r.flowSet().catalog();
  }

  private static UiTexts in(String language) {
    return new UiTexts(SHIPPED, language, ZoneId.of("Africa/Casablanca"));
  }

  @Test
  void aKnownCodeIsExplainedInTheVolunteersLanguageWithTheCodeAfterIt() {
    for (String lang : new String[] {"fr", "ar", "en"}) {
      for (String code : new String[] {"window_closed", "no_template", "63016", "21211"}) {
        String text = SHIPPED.text("web.inbox.delivery_error." + code, lang).orElseThrow(() -> new AssertionError(code));
        assertEquals(text + " (" + code + ")", in(lang).deliveryError(code), lang + " " + code);
      }
    }
    // The outbox stores its own reasons as "code: details"; the details are the engineers', not shown.
    assertEquals(in("fr").deliveryError("window_closed"),
        in("fr").deliveryError("window_closed: outside the WhatsApp 24-hour window: the contact last wrote 30 h ago"));
  }

  @Test
  void anUnknownReasonIsShownAsStored() {
    assertEquals("99999", in("fr").deliveryError("99999"));
    assertEquals("", in("fr").deliveryError(null));
  }
}
