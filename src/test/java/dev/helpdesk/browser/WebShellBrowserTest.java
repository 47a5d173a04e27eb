package dev.helpdesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.BrowserTest;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** An agent logs in, creates a ticket through the form and finds it in the list; every page is photographed. */
class WebShellBrowserTest extends BrowserTest {

  private static final TestApp app = TestApp.get();

  @Test
  void agentLogsInCreatesATicketAndSeesItInTheList() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject contact = Fixtures.contact(admin, "Zoe Quill");
    Fixtures.ticket(admin, "Printer on floor 3 jams", contact);
    Fixtures.ticket(admin, "Refund for order 7781", contact);
    ChromeDriver d = browser.driver();

    logInAsAdmin(true);
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-ref='TKT-002']")));

    d.get(app.baseUrl() + "/agent/#/new");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("subject")));
    d.findElement(By.id("subject")).sendKeys("Screen flickers after the update");
    d.findElement(By.id("description")).sendKeys("Since this morning the screen flickers.");
    d.findElement(By.id("requester-search")).sendKeys("Zoe");
    browser.waiting().until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("li.picker-option[data-type='contact']"))).click();
    new Select(d.findElement(By.id("channel"))).selectByValue("phone");
    new Select(d.findElement(By.id("priority"))).selectByValue("high");
    new Select(d.findElement(By.id("category"))).selectByValue("technical");
    browser.screenshot("create-ticket");
    d.findElement(By.id("create-submit")).click();

    browser.waiting().until(ExpectedConditions.textToBe(By.id("ticket-ref"), "TKT-003"));
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("status")));
    browser.screenshot("ticket");
    JsonObject saved = admin.get("/api/tickets/TKT-003").json();
    assertThat(saved.getString("subject")).isEqualTo("Screen flickers after the update");
    assertThat(saved.getString("priority")).isEqualTo("high");
    assertThat(saved.getString("channel")).isEqualTo("phone");
    assertThat(saved.getJsonObject("requester").getString("name")).isEqualTo("Zoe Quill");

    d.get(app.baseUrl() + "/agent/#/");
    WebElement row = browser.waiting().until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-ref='TKT-003']")));
    assertThat(row.getText()).contains("Screen flickers after the update").contains("Zoe Quill");
    browser.screenshot("ticket-list");

    browser.resize(390, 844);
    d.navigate().refresh();
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-ref='TKT-003']")));
    browser.screenshot("ticket-list-phone");
    d.get(app.baseUrl() + "/agent/#/tickets/TKT-003");
    browser.waiting().until(ExpectedConditions.textToBe(By.id("ticket-ref"), "TKT-003"));
    browser.screenshot("ticket-phone");
    browser.resize(1280, 800);

    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void anAgentEditsATicketOnItsPage() throws Exception {
    app.reset();
    Api admin = app.admin();
    Fixtures.ticket(admin, "Wi-Fi is slow", Fixtures.contact(admin, "Yan Ode"));
    ChromeDriver d = browser.driver();
    logInAsAdmin(false);

    d.get(app.baseUrl() + "/agent/#/tickets/TKT-001");
    browser.waiting().until(ExpectedConditions.textToBe(By.id("ticket-ref"), "TKT-001"));
    new Select(d.findElement(By.id("status"))).selectByValue("pending");
    new Select(d.findElement(By.id("priority"))).selectByValue("urgent");
    d.findElement(By.id("save")).click();

    browser.waiting().until(driver -> "pending".equals(admin.get("/api/tickets/TKT-001").json().getString("status")));
    JsonObject saved = admin.get("/api/tickets/TKT-001").json();
    assertThat(saved.getString("priority")).isEqualTo("urgent");
    assertThat(saved.getInteger("version")).isEqualTo(2);
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"),
        "Status changed from Open to Pending"));
  }

  /** Starts signed out, on the login page, and signs in through the form. */
  private static void logInAsAdmin(boolean photograph) throws Exception {
    ChromeDriver d = browser.driver();
    // leave the previous test's page first, so that nothing of it races the clearing of the session
    d.get("about:blank");
    d.executeCdpCommand("Storage.clearDataForOrigin", java.util.Map.of("origin", app.baseUrl(),
        "storageTypes", "local_storage,session_storage"));
    d.get(app.baseUrl() + "/");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
    if (photograph) {
      browser.screenshot("login");
    }
    d.findElement(By.id("email")).sendKeys(TestApp.ADMIN_EMAIL);
    d.findElement(By.id("password")).sendKeys(TestApp.ADMIN_PASSWORD);
    d.findElement(By.cssSelector("button[type=submit]")).click();
    browser.waiting().until(ExpectedConditions.urlContains("/agent/"));
    browser.forgetConsole(); // what came before signing in does not count
  }
}
