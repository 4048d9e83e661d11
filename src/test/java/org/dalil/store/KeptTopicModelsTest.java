package org.dalil.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.dalil.flow.FlowSet;
import org.dalil.flow.FlowSetLoader;
import org.dalil.nlp.MessageClassifier;
import org.dalil.nlp.OpenNlpLanguageModel;
import org.dalil.nlp.TopicModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Topic models kept in PostgreSQL, as a restart finds them. */
class KeptTopicModelsTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();

  @Test
  void aModelKeptIsFoundAndReplacedUnderItsKey() {
    KeptTopicModels kept = new KeptTopicModels(db.database().jdbi());
    assertEquals(Optional.empty(), kept.find("k-1"));

    kept.keep("k-1", new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, kept.find("k-1").orElseThrow());
    kept.keep("k-1", new byte[] {4, 5});
    assertArrayEquals(new byte[] {4, 5}, kept.find("k-1").orElseThrow(), "replaced");
  }

  @Test
  void onlyTheNewestModelsAreKept() {
    db.database().jdbi().useHandle(h -> h.execute("DELETE FROM topic_models"));
    KeptTopicModels kept = new KeptTopicModels(db.database().jdbi());
    int keeps = KeptTopicModels.KEPT + 2;
    for (int i = 1; i <= keeps; i++) {
      kept.keep("prune-" + i, new byte[] {(byte) i});
    }
    assertEquals(KeptTopicModels.KEPT, rows(), "older models deleted");
    assertEquals(Optional.empty(), kept.find("prune-1"));
    assertEquals(Optional.empty(), kept.find("prune-2"));
    for (int i = 3; i <= keeps; i++) {
      assertArrayEquals(new byte[] {(byte) i}, kept.find("prune-" + i).orElseThrow(), "prune-" + i);
    }
  }

  @Test
  void theShippedContentsModelIsKeptOnceAndThenRead() {
    KeptTopicModels database = new KeptTopicModels(db.database().jdbi());
    int[] keeps = {0};
    TopicModels counted = new TopicModels() {
      @Override
      public Optional<byte[]> find(String trainingKey) {
        return database.find(trainingKey);
      }

      @Override
      public void keep(String trainingKey, byte[] model) {
        keeps[0]++;
        database.keep(trainingKey, model);
      }
    };
    FlowSet shipped = new FlowSetLoader().load(java.nio.file.Path.of("flows"), java.nio.file.Path.of("i18n")).flowSet();
    long before = rows();

    MessageClassifier trained = MessageClassifier.of(shipped, OpenNlpLanguageModel.shared(), counted);
    assertEquals(1, keeps[0], "trained and kept");
    assertEquals(Math.min(before + 1, KeptTopicModels.KEPT), rows());
    MessageClassifier loaded = MessageClassifier.of(shipped, OpenNlpLanguageModel.shared(), counted);
    assertEquals(1, keeps[0], "read, not trained again");

    assertEquals(trained.topics(), loaded.topics());
    assertTrue(trained.topics().size() >= 5, trained.topics().toString());
    for (String text : new String[] {"ma fille a de la fièvre", "بغيت نجدد الكارط ديال الإقامة", "i need a lawyer"}) {
      assertEquals(trained.classify(text, null), loaded.classify(text, null), text);
    }
  }

  private long rows() {
    return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM topic_models").mapTo(Long.class).one());
  }
}
