package dev.helpdesk.browser;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.BrowserTest;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * What a day's trial as an agent found in the second release's tools: "all matching" in a saved
 * view acts on that view's tickets (not on every ticket), and an empty view says it is the view; a
 * macro picked after someone else changed the ticket is applied, and "Manage macros" leaves no
 * modal behind; the bell's panel follows the bell in the Tab order and its buttons fit on a
 * phone; the macro form shows each error beside its field and the page fits a phone.
 */
class AgentDayBrowserTest extends BrowserTest {

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
  }

  @Test
  void allMatchingInASavedViewChangesOnlyTheViewsTickets() {
    for (int i = 1; i <= 52; i++) {
      Fixtures.ticket(admin, "Printer jam " + i, contact);
    }
    Fixtures.ticket(admin, "VPN drops every hour", contact);
    Fixtures.ticket(admin, "Laptop is slow", contact);
    Api aliceApi = Fixtures.login(app, alice);
    long id = aliceApi.post("/api/views", new JsonObject().put("name", "Printers").put("query", "printer")
        .put("sort", "-created").put("shared", false)).json().getLong("id");
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    browser.logIn(app.baseUrl(), alice.getString("email"), alice.getString("password"));
    d.get(app.baseUrl() + "/agent/#/?view=" + id);
    browser.waiting().until(d2 -> d2.findElements(By.cssSelector("#ticket-rows tr[data-ref]")).size() == 50);

    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("select-page"))).click();
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("select-all-matching"))).click();
    browser.waiting().until(ExpectedConditions.textToBe(By.id("bulk-count"), "All 52 matching selected"));
    d.findElement(By.id("mass-update")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("bulk-dialog")));
    new Select(d.findElement(By.id("bulk-priority"))).selectByValue("low");
    d.findElement(By.id("bulk-apply")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("bulk-result")));

    browser.waiting().until(d2 -> app.queryLong(
        "SELECT count(*) FROM tickets WHERE priority = 'low' AND subject LIKE 'Printer%'") == 52);
    assertThat(app.queryLong("SELECT count(*) FROM tickets WHERE priority = 'low' AND subject NOT LIKE 'Printer%'"))
        .as("tickets outside the view").isZero();
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void anEmptySavedViewSaysSoAndOffersAllTickets() {
    Fixtures.ticket(admin, "Printer jam", contact);
    long id = Fixtures.login(app, alice).post("/api/views", new JsonObject().put("name", "Refunds")
        .put("query", "refund").put("shared", false)).json().getLong("id");
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    browser.logIn(app.baseUrl(), alice.getString("email"), alice.getString("password"));
    d.get(app.baseUrl() + "/agent/#/?view=" + id);
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("empty-state")));
    String empty = d.findElement(By.id("empty-state")).getText();
    assertThat(empty).contains("No tickets in this view").doesNotContain("No tickets yet");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void aMacroPickedAfterSomeoneElseChangedTheTicketIsApplied() {
    Fixtures.ticket(admin, "Printer jams on floor 3", contact);
    check(admin.post("/api/macros", new JsonObject().put("title", "Ask for the spooler logs").put("shared", true)
        .put("message", new JsonObject().put("type", "reply").put("body", "Could you send the logs, {{requester.name}}?"))
        .put("set", new JsonObject().put("status", "pending"))), 201);
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    browser.logIn(app.baseUrl(), alice.getString("email"), alice.getString("password"));
    d.get(app.baseUrl() + "/agent/#/tickets/TKT-001");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("composer-body")));
    d.findElement(By.id("ticket-subject")).click();
    new Actions(d).sendKeys("m").perform();
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#macro-list li[data-id]")));

    // while the picker is open, an admin raises the priority; the page hears of it live
    int version = admin.get("/api/tickets/TKT-001").json().getInteger("version");
    check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", version).put("priority", "high")), 200);
    browser.waiting().until(d2 -> "high".equals(d.executeScript(
        "var p = document.getElementById('priority'); return p && p.value")));
    // (the admin's macros of other test classes outlive reset(): a title of this test's own)
    d.findElement(By.id("macro-filter")).sendKeys("spooler", Keys.ENTER);

    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread"),
        "Could you send the logs, Lea Müller?"));
    JsonObject after = admin.get("/api/tickets/TKT-001").json();
    assertThat(after.getString("status")).isEqualTo("pending");
    assertThat(after.getString("priority")).isEqualTo("high");

    // "Manage macros" in the picker goes to Settings and takes the modal picker away
    d.findElement(By.id("ticket-subject")).click();
    new Actions(d).sendKeys("m").perform();
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("macro-manage"))).click();
    browser.waiting().until(ExpectedConditions.urlContains("#/settings/macros"));
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("macro-form")));
    assertThat(d.findElements(By.id("macro-dialog"))).isEmpty();
    d.findElement(By.id("macro-title-input")).click(); // nothing modal in the way
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theBellsPanelFollowsTheBellAndItsButtonsFitOnAPhone() throws Exception {
    Fixtures.ticket(admin, "Printer jams on floor 3", contact);
    check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("assignee", alice.getLong("id"))),
        200);
    ChromeDriver d = browser.driver();
    browser.resize(390, 844);
    browser.logIn(app.baseUrl(), alice.getString("email"), alice.getString("password"));
    browser.waiting().until(ExpectedConditions.textToBe(By.id("bell-count"), "1"));
    d.findElement(By.id("bell")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
        "#notification-list li[data-ref='TKT-001']")));

    Map<String, Object> fit = (Map<String, Object>) d.executeScript(
        "var p = document.getElementById('notification-panel'), r = p.getBoundingClientRect();"
            + "var out = [...p.querySelectorAll('.notification-head button')].filter(b => !b.hidden)"
            + "  .filter(b => { var s = b.getBoundingClientRect(); return s.right > r.right + 0.5 || s.left < r.left - 0.5; })"
            + "  .map(b => b.id);"
            + "return {out: out, sideways: p.scrollWidth - p.clientWidth};");
    assertThat((List<String>) fit.get("out")).as("buttons cut off by the panel").isEmpty();
    assertThat(((Number) fit.get("sideways")).intValue()).as("sideways scroll in the panel").isLessThanOrEqualTo(0);
    browser.screenshot("notifications-panel-phone");

    // Tab from the bell goes into the panel, not past it to the rest of the header
    d.findElement(By.id("bell")).sendKeys(Keys.TAB);
    Boolean inPanel = (Boolean) d.executeScript(
        "return document.getElementById('notification-panel').contains(document.activeElement)");
    assertThat(inPanel).isTrue();
    d.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("bell"), "aria-expanded", "false"));
    assertThat(d.executeScript("return document.activeElement.id")).isEqualTo("bell");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void theMacroFormShowsEachErrorBesideItsFieldAndFitsAPhone() throws Exception {
    ChromeDriver d = browser.driver();
    browser.resize(390, 844);
    browser.logIn(app.baseUrl(), alice.getString("email"), alice.getString("password"));
    d.get(app.baseUrl() + "/agent/#/settings/macros");
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("macro-form")));
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#macro-rows td")));

    d.findElement(By.id("macro-save")).click();
    browser.waiting().until(ExpectedConditions.textToBe(By.id("macro-title-input-error"), "must not be empty"));
    assertThat(d.findElement(By.id("macro-title-input")).getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(d.findElement(By.id("macro-body-error")).getText()).isNotEmpty();
    assertThat(d.findElement(By.id("macro-form-error")).getText()).doesNotContain("title:");

    // each label sits above its control, and nothing widens the page
    Boolean stacked = (Boolean) d.executeScript(
        "return ['macro-title-input', 'macro-add-tags', 'macro-type'].every(id => {"
            + " var c = document.getElementById(id), l = document.querySelector('label[for=' + id + ']');"
            + " return l.getBoundingClientRect().bottom <= c.getBoundingClientRect().top + 1; })");
    assertThat(stacked).isTrue();
    Number sideways = (Number) d.executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(sideways.intValue()).isLessThanOrEqualTo(0);
    browser.screenshot("macros-settings-phone");

    d.findElement(By.id("macro-title-input")).sendKeys("Thanks");
    d.findElement(By.id("macro-body")).sendKeys("Thank you, {{requester.name}}!");
    d.findElement(By.id("macro-save")).click();
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("macro-rows"), "Thanks"));
    assertThat(d.findElement(By.id("macro-title-input-error")).getText()).isEmpty();
  }
}
