package dev.helpdesk.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium, never downloaded. Where no Chromium is
 * installed the browser tests are skipped, unless HELPDESK_REQUIRE_BROWSER=1 (as in CI).
 */
public final class Browser implements AutoCloseable {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Path SCREENSHOTS = Path.of("docs", "screenshots");

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  public static Browser start() throws IOException {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "1".equals(System.getenv("HELPDESK_REQUIRE_BROWSER"))) {
      throw new IllegalStateException("HELPDESK_REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + CHROMEDRIVER
          + " is missing: apt-get install chromium chromium-driver");
    }
    Assumptions.assumeTrue(present, "Chromium is not installed; browser tests skipped");
    Path profile = Files.createTempDirectory("helpdesk-chromium");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1280, 800));
    return new Browser(driver, profile);
  }

  public ChromeDriver driver() {
    return driver;
  }

  public WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(10));
  }

  /** Starts signed out on the login page and signs in through the form as the given staff member. */
  public void logIn(String baseUrl, String email, String password) {
    driver.get(baseUrl + "/");
    driver.executeScript("localStorage.clear(); sessionStorage.clear();");
    driver.get(baseUrl + "/");
    waiting().until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(
        org.openqa.selenium.By.id("email")));
    driver.findElement(org.openqa.selenium.By.id("email")).sendKeys(email);
    driver.findElement(org.openqa.selenium.By.id("password")).sendKeys(password);
    driver.findElement(org.openqa.selenium.By.cssSelector("button[type=submit]")).click();
    waiting().until(org.openqa.selenium.support.ui.ExpectedConditions.urlContains("/agent/"));
    forgetConsole();
  }

  /**
   * Empties the browser's console log: what a page logged before signing in (a 401 for a
   * stale session it then replaced) is not an error of the page under test.
   */
  public void forgetConsole() {
    severeConsoleErrors();
  }

  /** The errors the pages logged since the last call (reading the log empties it). */
  public java.util.List<String> severeConsoleErrors() {
    try {
      return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
          .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
          .map(org.openqa.selenium.logging.LogEntry::getMessage)
          .toList();
    } catch (RuntimeException e) {
      return java.util.List.of(); // a driver without log access
    }
  }

  public void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  public void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name + ".png"), png);
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary profile left behind is harmless
    }
  }
}
