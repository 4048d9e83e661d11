package org.dalil.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The simulator page in headless Chromium: chat, click options, Arabic right to left. */
class SimulatorBrowserTest {

  private static TestServer server;
  private static WebDriver browser;

  @BeforeAll
  static void start() {
    Browser.assumeInstalled();
    server = TestServer.start(TestServer.MINIMAL_CONTENT, true);
    browser = Browser.open("400,800");
  }

  @AfterAll
  static void stop() {
    Browser.quit(browser);
    if (server != null) {
      server.close();
    }
  }

  private static List<WebElement> botMessages() {
    return browser.findElements(By.cssSelector("#log .msg.bot"));
  }

  private static void waitForBotMessages(int count) {
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> botMessages().size() >= count);
  }

  @Test
  void aPersonChatsInArabicRightToLeft() {
    browser.get(server.url("/simulator?lang=ar"));
    WebElement html = browser.findElement(By.tagName("html"));
    assertEquals("rtl", html.getAttribute("dir"));
    assertEquals("ar", html.getAttribute("lang"));
    browser.findElement(By.id("new-contact")).click();

    WebElement input = browser.findElement(By.id("text"));
    input.sendKeys("salam");
    browser.findElement(By.id("send")).click();
    waitForBotMessages(1);
    List<WebElement> options = botMessages().getLast().findElements(By.cssSelector(".options button"));
    assertEquals(3, options.size(), "the welcome offers three languages as buttons");

    options.get(1).click(); // العربية
    waitForBotMessages(3);
    WebElement menu = botMessages().getLast();
    assertEquals("rtl", menu.getAttribute("dir"), "an Arabic reply is right to left");
    assertTrue(menu.getText().contains("أي موضوع"), menu.getText());

    input.sendKeys("١");
    browser.findElement(By.id("send")).click();
    waitForBotMessages(4);
    assertTrue(botMessages().get(3).getText().startsWith("الصحة"), botMessages().get(3).getText());

    List<WebElement> mine = browser.findElements(By.cssSelector("#log .msg.me"));
    assertEquals(List.of("salam", "2", "١"), mine.stream().map(WebElement::getText).toList());
  }

  @Test
  void theEnglishPageIsLeftToRight() {
    browser.get(server.url("/simulator?lang=en"));
    assertEquals("ltr", browser.findElement(By.tagName("html")).getAttribute("dir"));
  }
}
