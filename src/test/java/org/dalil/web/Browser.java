package org.dalil.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** The headless Chromium shared by the browser tests, from the Debian packages chromium and chromium-driver. */
public final class Browser {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private Browser() {}

  /**
   * Skips the calling test class when Chromium is absent, unless DALIL_REQUIRE_BROWSER=true (CI),
   * where an absent browser is a failure rather than a silent skip. Call before starting servers.
   */
  public static void assumeInstalled() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equals(System.getenv("DALIL_REQUIRE_BROWSER"))) {
      throw new IllegalStateException("chromium and chromium-driver are required (DALIL_REQUIRE_BROWSER=true)");
    }
    assumeTrue(present, "install the Debian packages chromium and chromium-driver to run browser tests");
  }

  /** A new headless Chromium of the given window size ("width,height"), plus any extra arguments. */
  public static WebDriver open(String windowSize, String... extraArguments) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=" + windowSize);
    options.addArguments(extraArguments);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  /** Quits the browser if it was started. */
  public static void quit(WebDriver browser) {
    if (browser != null) {
      browser.quit();
    }
  }
}
