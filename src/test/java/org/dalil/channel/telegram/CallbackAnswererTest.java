package org.dalil.channel.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;

class CallbackAnswererTest {
  private BotApiStandIn api;
  private OkHttpClient http;
  private CallbackAnswerer answerer;

  @BeforeEach
  void start() throws Exception {
    api = new BotApiStandIn();
    http = new OkHttpClient();
    answerer = new CallbackAnswerer(
        new OkHttpTelegramClient(http, BotApiStandIn.TOKEN, new TelegramUrl("http", "127.0.0.1", api.port(), false)));
  }

  @AfterEach
  void stop() {
    answerer.close();
    api.close();
    http.dispatcher().executorService().shutdownNow();
  }

  @Test
  void aPressIsAnsweredAtOnce() {
    answerer.answer("4382bfdwdsb323b2d9");
    assertEquals(1, api.calls("answercallbackquery").size());
    assertEquals("4382bfdwdsb323b2d9",
        api.calls("answercallbackquery").getFirst().json().get("callback_query_id").asText());
  }

  @Test
  void aPassingFailureIsRetriedWithinSeconds() throws Exception {
    api.answerNext("answercallbackquery", BotApiStandIn.error(502, "Bad Gateway"));
    answerer.answer("4382bfdwdsb323b2d9");
    api.awaitCalls(calls -> api.calls("answercallbackquery").size() == 2, Duration.ofSeconds(5), "the retry");
    Thread.sleep(1500);
    assertEquals(2, api.calls("answercallbackquery").size(), "no retry after a success");
  }

  @Test
  void aQueryTooOldIsNotRetried() throws Exception {
    api.answerNext("answercallbackquery",
        BotApiStandIn.error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid"));
    answerer.answer("4382bfdwdsb323b2d9");
    Thread.sleep(1500);
    assertEquals(1, api.calls("answercallbackquery").size());
  }
}
