package org.dalil.web.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.dalil.web.Browser;
import org.dalil.web.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A volunteer on a phone-sized headless Chromium, on the shipped content: signs in, sees the
 * waiting conversation appear live, claims it, receives the contact's message live, replies, and
 * resolves; the contact is back with the bot.
 */
class InboxBrowserTest {

  private static InboxServer server;
  private static WebDriver browser;

  @BeforeAll
  static void start() {
    Browser.assumeInstalled();
    server = InboxServer.onNewDatabase(InboxServer.SHIPPED);
    browser = Browser.open("390,844", "--lang=fr");
  }

  @AfterAll
  static void stop() {
    Browser.quit(browser);
    if (server != null) {
      server.close();
    }
  }

  private static WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(15));
  }

  private static void signIn(String email) {
    browser.get(server.url("/inbox"));
    waiting().until(d -> d.getCurrentUrl().contains("/login"));
    browser.findElement(By.id("email")).sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(InboxServer.PASSWORD);
    browser.findElement(By.id("login")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/inbox"));
  }

  @Test
  void aVolunteerClaimsRepliesAndResolvesWithLiveUpdates() throws Exception {
    String email = server.account("Salma", Role.VOLUNTEER, "fr", "ar");
    server.uiLanguage(email, "fr");
    signIn(email);
    assertEquals("utf-8", ((String) ((JavascriptExecutor) browser).executeScript("return document.characterSet")).toLowerCase());
    waiting().until(d -> !d.findElement(By.id("live-state")).getText().isBlank());

    // A contact asks for a volunteer while the page is open: it appears without a reload.
    ((JavascriptExecutor) browser).executeScript("window.notReloaded = true");
    String contact = "browser-" + System.nanoTime();
    server.contactWrites(contact, "bonjour");
    server.contactWrites(contact, "1");
    server.contactWrites(contact, "humain");
    WebElement card = waiting().until(d -> d.findElements(By.cssSelector("#queue .card")).stream().findFirst().orElse(null));
    assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.notReloaded === true"));
    assertTrue(card.getText().contains("Français"), card.getText());

    card.findElement(By.cssSelector("button.claim")).click();
    waiting().until(d -> d.getCurrentUrl().contains("/inbox/c/"));
    assertTrue(browser.findElement(By.id("notice")).getText().contains("est à vous"));
    assertTrue(browser.findElement(By.id("owner")).getText().contains("Vous avez cette conversation"));

    // The contact writes: the message appears live in the history.
    ((JavascriptExecutor) browser).executeScript("window.notReloaded = true");
    waiting().until(d -> !d.findElement(By.id("live-state")).getText().isBlank());
    server.contactWrites(contact, "Je cherche un logement à Rabat");
    waiting().until(d -> d.findElement(By.id("history")).getText().contains("Je cherche un logement à Rabat"));
    assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.notReloaded === true"));

    // A canned answer goes into the reply box in the contact's language, then the reply is sent.
    browser.findElement(By.cssSelector("#reply-box details summary")).click();
    browser.findElement(By.cssSelector("[data-canned='city']")).click();
    String inserted = browser.findElement(By.id("reply-text")).getAttribute("value");
    assertTrue(inserted.startsWith("Dans quelle ville"), inserted);
    browser.findElement(By.id("reply-text")).clear();
    browser.findElement(By.id("reply-text")).sendKeys("Bonjour, je regarde les foyers à Rabat pour vous.");
    browser.findElement(By.id("send")).click();
    waiting().until(d -> d.findElements(By.cssSelector("#history .msg.volunteer")).stream()
        .anyMatch(m -> m.getText().contains("je regarde les foyers")));
    // The simulator channel sends at once: the state turns to sent (page refreshes on its own).
    waiting().until(d -> d.findElements(By.cssSelector("#history .msg.volunteer .status-sent")).size() == 1);

    new Select(browser.findElement(By.id("outcome"))).selectByValue("referred");
    browser.findElement(By.id("resolve")).click();
    waiting().until(d -> d.getCurrentUrl().contains("/inbox?notice=ok_resolved"));
    assertTrue(browser.findElements(By.cssSelector("#mine .card")).isEmpty());

    // Back with the bot: the contact's next message gets the menu.
    List<String> replies = contactReplies(contact, "merci");
    String menu = server.app.flowVersions().current().catalog().exact("main.menu", "fr").orElseThrow();
    assertTrue(replies.contains(menu), replies.toString());
  }

  @Test
  void theInboxInArabicIsRightToLeft() {
    browser.get(server.url("/login"));
    browser.manage().deleteAllCookies();
    browser.get(server.url("/login?lang=ar"));
    WebElement html = browser.findElement(By.tagName("html"));
    assertEquals("rtl", html.getAttribute("dir"));
    assertEquals("ar", html.getAttribute("lang"));
    assertEquals("دخول المتطوعين", browser.findElement(By.tagName("h1")).getText());
  }

  private static List<String> contactReplies(String contact, String text) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/api/simulator/messages")))
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"contact\":\"" + contact + "\",\"text\":\"" + text + "\"}"))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    List<String> out = new java.util.ArrayList<>();
    node.get("replies").forEach(x -> out.add(x.get("text").asText()));
    return out;
  }
}
