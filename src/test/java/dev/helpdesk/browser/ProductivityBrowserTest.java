package dev.helpdesk.browser;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.BrowserTest;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.LiveClient;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The agent's own tools in the browser: the bell counts up live when someone else assigns a
 * ticket and its panel opens the ticket; a macro applied from the composer's picker (m); a saved
 * view in the sidebar that counts up when a matching ticket is created elsewhere.
 */
class ProductivityBrowserTest extends BrowserTest {

  private static final TestApp app = TestApp.get();
  private Api admin;
  private JsonObject alice;
  private JsonObject contact;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    alice = Fixtures.user(admin, "Alice Agent", "agent");
    contact = Fixtures.contact(admin, "Lea Müller");
    Fixtures.ticket(admin, "Printer jams on floor 3", contact);
    Fixtures.ticket(admin, "VPN drops every hour", contact);
  }

  @Test
  void theBellCountsUpLiveAndItsPanelOpensTheTicket() throws Exception {
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    browser.logIn(app.baseUrl(), alice.getString("email"), alice.getString("password"));
    d.get(app.baseUrl() + "/agent/#/");
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("bell")));
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("list-live-status"), "data-state", "live"));
    assertThat(d.findElement(By.id("bell-count")).isDisplayed()).isFalse();

    check(admin.patch("/api/tickets/TKT-002", new JsonObject().put("version", 1).put("assignee", alice.getLong("id"))),
        200);
    browser.waiting().until(ExpectedConditions.textToBe(By.id("bell-count"), "1"));
    check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("assignee", alice.getLong("id"))),
        200);
    browser.waiting().until(ExpectedConditions.textToBe(By.id("bell-count"), "2"));

    d.findElement(By.id("bell")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
        "#notification-list li.is-unread[data-ref='TKT-001']")));
    assertThat(d.findElement(By.id("notification-list")).getText()).contains("Administrator assigned you")
        .contains("TKT-001 · Printer jams on floor 3");
    browser.screenshot("notifications-panel");

    d.findElement(By.cssSelector("#notification-list li[data-ref='TKT-001'] a")).click();
    browser.waiting().until(ExpectedConditions.urlContains("#/tickets/TKT-001"));
    browser.waiting().until(ExpectedConditions.textToBe(By.id("bell-count"), "1"));

    // preferences from the panel: no more assignment mails
    d.findElement(By.id("bell")).click();
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("notifications-preferences"))).click();
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("pref-mail-assigned"))).click();
    d.findElement(By.id("preferences-save")).click();
    browser.waiting().until(d2 -> !Fixtures.login(app, alice).get("/api/me/preferences").json()
        .getJsonObject("mail").getBoolean("assigned"));
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void aMacroPickedInTheComposerRepliesAndChangesTheTicket() throws Exception {
    check(admin.post("/api/macros", new JsonObject().put("title", "Printer fixed").put("shared", true)
        .put("message", new JsonObject().put("type", "reply")
            .put("body", "Hello {{requester.name}}, the printer is fixed. {{agent.name}}"))
        .put("set", new JsonObject().put("status", "resolved"))), 201);
    check(admin.post("/api/macros", new JsonObject().put("title", "Ask for logs").put("shared", true)
        .put("message", new JsonObject().put("type", "reply").put("body", "Could you send the logs?"))), 201);
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    browser.logIn(app.baseUrl(), alice.getString("email"), alice.getString("password"));
    d.get(app.baseUrl() + "/agent/#/tickets/TKT-001");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("composer-body")));
    d.findElement(By.id("ticket-subject")).click();

    new Actions(d).sendKeys("m").perform();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("macro-filter")));
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#macro-list li[data-id]")));
    d.findElement(By.id("macro-filter")).sendKeys("printer");
    browser.waiting().until(d2 -> d2.findElements(By.cssSelector("#macro-list li[data-id]")).size() == 1);
    browser.screenshot("macro-picker");
    d.findElement(By.id("macro-filter")).sendKeys(Keys.ENTER);

    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread"),
        "Hello Lea Müller, the printer is fixed. Alice Agent"));
    browser.waiting().until(d2 -> "resolved".equals(admin.get("/api/tickets/TKT-001").json().getString("status")));
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void theListShowsWhoElseIsOnATicketLive() throws Exception {
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    browser.logIn(app.baseUrl(), alice.getString("email"), alice.getString("password"));
    d.get(app.baseUrl() + "/agent/#/");
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("list-live-status"), "data-state", "live"));
    browser.waiting().until(d2 -> d2.findElements(By.cssSelector("#ticket-rows tr[data-ref]")).size() == 2);

    try (LiveClient adminLive = LiveClient.connect(app, admin)) {
      adminLive.send(new JsonObject().put("type", "presence").put("ticket", "TKT-002").put("state", "viewing"));
      browser.waiting().until(ExpectedConditions.attributeContains(
          By.cssSelector("tr[data-ref='TKT-002'] .row-presence"), "title", "Administrator is viewing"));
      adminLive.send(new JsonObject().put("type", "presence").put("ticket", "TKT-002").put("state", "typing"));
      browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
          By.cssSelector("tr[data-ref='TKT-002'] .row-presence .is-typing")));
      assertThat(d.findElements(By.cssSelector("tr[data-ref='TKT-001'] .row-presence"))).isEmpty();
      browser.screenshot("list-presence");
      adminLive.send(new JsonObject().put("type", "presence").put("ticket", "TKT-002").put("state", "left"));
      browser.waiting().until(d2 -> d2.findElements(By.cssSelector("tr[data-ref='TKT-002'] .row-presence")).isEmpty());
    }
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void aSavedViewCountsUpWhenAMatchingTicketIsCreatedElsewhere() throws Exception {
    Api aliceApi = Fixtures.login(app, alice);
    long id = aliceApi.post("/api/views", new JsonObject().put("name", "Printers").put("query", "printer")
        .put("sort", "-created").put("shared", false)).json().getLong("id");
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    browser.logIn(app.baseUrl(), alice.getString("email"), alice.getString("password"));
    d.get(app.baseUrl() + "/agent/#/");
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("view-" + id)));
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("list-live-status"), "data-state", "live"));
    assertThat(d.findElement(By.cssSelector("#view-" + id + " .preset-count")).getText()).isEqualTo("1");

    Fixtures.ticket(admin, "Second printer out of toner", contact);
    browser.waiting().until(ExpectedConditions.textToBe(By.cssSelector("#view-" + id + " .preset-count"), "2"));

    d.findElement(By.id("view-" + id)).click();
    browser.waiting().until(d2 -> d2.findElements(By.cssSelector("#ticket-rows tr[data-ref]")).size() == 2);
    assertThat(d.findElement(By.id("filter-view")).getText()).contains("Printers");
    browser.screenshot("saved-view");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }
}
