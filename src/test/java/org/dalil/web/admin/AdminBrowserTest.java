package org.dalil.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.dalil.store.TestDatabase;
import org.dalil.store.TestDatabases;
import org.dalil.web.Browser;
import org.dalil.web.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin in headless Chromium, on the shipped content: changes an Arabic text, tries it in the
 * preview, publishes; a new simulator conversation gets the new text while one in progress keeps
 * the old version; a rollback restores it; an invalid edit is refused with the validator's message.
 */
class AdminBrowserTest {
  private static final String NEW_INTRO = "أهلا بك في دليل، النسخة الجديدة من الترحيب.";

  private static TestDatabase db;
  private static AdminServer server;
  private static WebDriver browser;

  @BeforeAll
  static void start() {
    Browser.assumeInstalled();
    db = TestDatabases.create();
    server = AdminServer.start(db);
    browser = Browser.open("1280,900", "--lang=fr");
  }

  @AfterAll
  static void stop() {
    Browser.quit(browser);
    if (server != null) {
      server.close();
    }
    if (db != null) {
      db.close();
    }
  }

  private static WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(15));
  }

  private static void signIn(String email) {
    // Each test signs in as its own admin: forget the previous test's session.
    browser.get(server.url("/login"));
    browser.manage().deleteAllCookies();
    browser.get(server.url("/inbox"));
    waiting().until(d -> d.getCurrentUrl().contains("/login"));
    browser.findElement(By.id("email")).sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(AdminServer.PASSWORD);
    browser.findElement(By.id("login")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/inbox"));
  }

  private static WebElement arabicCell(String key) {
    return browser.findElement(By.cssSelector("tr[data-key='" + key + "'] td[data-lang='ar']"));
  }

  @Test
  void anAdminChangesAnArabicTextPreviewsPublishesAndRollsBack() throws Exception {
    signIn(server.account("Nadia", Role.ADMIN));
    String original = server.app.flowVersions().current().version();
    // A conversation already in progress, at the language menu, on the original version.
    server.contactWrites("in-progress", "bonjour");

    // The translations page: the Arabic column is right-to-left; the admin changes a text.
    browser.findElement(By.id("nav-content")).click();
    waiting().until(d -> d.getCurrentUrl().contains("/inbox/admin/flows"));
    browser.findElement(By.cssSelector("#admin-nav a[href='/inbox/admin/texts']")).click();
    waiting().until(d -> d.getCurrentUrl().contains("/inbox/admin/texts"));
    WebElement cell = arabicCell("welcome.intro");
    WebElement area = cell.findElement(By.tagName("textarea"));
    assertEquals("rtl", area.getAttribute("dir"));
    assertTrue(cell.findElement(By.className("segments")).getText().contains("SMS"));
    area.clear();
    area.sendKeys(NEW_INTRO);
    cell.findElement(By.cssSelector("button.save-text")).click();
    waiting().until(d -> d.getCurrentUrl().contains("notice=ok_saved"));
    assertEquals(NEW_INTRO, arabicCell("welcome.intro").findElement(By.tagName("textarea")).getAttribute("value"));

    // Preview: the draft answers in Arabic with the new text; nothing is published yet.
    browser.get(server.url("/inbox/admin/preview"));
    waiting().until(d -> !d.findElements(By.cssSelector("#preview-history .msg.bot")).isEmpty());
    browser.findElement(By.id("preview-text")).sendKeys("2");
    browser.findElement(By.id("preview-send")).click();
    waiting().until(d -> d.findElement(By.id("preview-history")).getText().contains(NEW_INTRO));
    assertEquals(original, server.app.flowVersions().current().version());
    assertFalse(server.contactWrites("before-publish", "2").contains(NEW_INTRO));

    // Publish.
    browser.get(server.url("/inbox/admin/flows"));
    assertTrue(browser.findElement(By.id("draft-changes")).isDisplayed());
    browser.findElement(By.id("publish")).click();
    waiting().until(d -> d.getCurrentUrl().contains("notice=ok_published"));
    String published = browser.findElement(By.id("current-version")).getText();
    assertNotEquals(original, published);

    // A new conversation gets the new text; the one in progress keeps its version.
    server.contactWrites("new-contact", "bonjour");
    assertTrue(server.contactWrites("new-contact", "2").contains(NEW_INTRO));
    String inProgress = server.contactWrites("in-progress", "2");
    assertFalse(inProgress.contains(NEW_INTRO), inProgress);
    assertTrue(inProgress.contains("دليل يقدم معلومات مجانية"), inProgress);

    // Rollback to the original version in one click.
    browser.findElement(By.cssSelector("tr[data-version='" + original + "'] button.rollback")).click();
    waiting().until(d -> d.getCurrentUrl().contains("notice=ok_rolled_back"));
    assertEquals(original, browser.findElement(By.id("current-version")).getText());
    server.contactWrites("after-rollback", "bonjour");
    assertFalse(server.contactWrites("after-rollback", "2").contains(NEW_INTRO));
  }

  @Test
  void anInvalidEditIsRefusedWithTheValidatorsMessage() {
    signIn(server.account("Karim", Role.ADMIN));
    String current = server.app.flowVersions().current().version();
    browser.get(server.url("/inbox/admin/flows/file?path=flows/welcome.yaml"));
    WebElement area = browser.findElement(By.id("file-text"));
    String text = area.getAttribute("value");
    String broken = text.replace("goto: intro", "goto: no_such_node");
    assertNotEquals(text, broken);
    // Replace the text at once (typing it key by key would be slow), then let the page validate.
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", area, broken);
    waiting().until(d -> "false".equals(d.findElement(By.id("problems")).getAttribute("data-ok")));
    String problems = browser.findElement(By.id("problems")).getText();
    assertTrue(problems.contains("flows/welcome.yaml:"), problems);
    assertTrue(problems.contains("no_such_node"), problems);

    browser.findElement(By.id("save-file")).click();
    waiting().until(d -> d.getCurrentUrl().contains("notice=ok_saved"));
    browser.get(server.url("/inbox/admin/flows"));
    browser.findElement(By.id("publish")).click();
    WebElement errors = waiting().until(d -> d.findElement(By.id("publish-errors")));
    assertTrue(errors.getText().contains("flows/welcome.yaml:"), errors.getText());
    assertTrue(errors.getText().contains("no_such_node"), errors.getText());
    assertEquals(current, server.app.flowVersions().current().version());
    // Put the draft back for other tests.
    browser.findElement(By.id("reset")).click();
    waiting().until(d -> d.getCurrentUrl().contains("notice=ok_saved"));
  }

  @Test
  void aFlowIsDrawnAsADiagramWithTheVendoredLibrary() {
    signIn(server.account("Amina", Role.ADMIN));
    browser.get(server.url("/inbox/admin/flows/diagram?flow=welcome"));
    WebElement box = waiting().until(d -> {
      WebElement b = d.findElement(By.id("diagram"));
      return b.getAttribute("data-nodes") != null ? b : null;
    });
    // welcome: start, set_fr, set_ar, set_en, intro, and main.menu where it leads.
    assertTrue(Integer.parseInt(box.getAttribute("data-nodes")) >= 6, box.getAttribute("data-nodes"));
    assertTrue(Integer.parseInt(box.getAttribute("data-edges")) >= 7, box.getAttribute("data-edges"));
    assertFalse(browser.findElements(By.cssSelector("#diagram canvas")).isEmpty());
  }
}
