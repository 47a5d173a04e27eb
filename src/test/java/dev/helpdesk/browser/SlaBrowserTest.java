package dev.helpdesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.BrowserTest;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The SLA on the agent pages: a countdown on the list that turns approaching and then breached
 * while the page stays open, the ticket's SLA panel and history, merging through the dialog,
 * and the SLA settings page. Every page is photographed at 1280×800.
 */
class SlaBrowserTest extends BrowserTest {

  private static final TestApp app = TestApp.get();

  @Test
  void aTicketTurnsApproachingThenBreachedOnTheOpenList() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject zoe = Fixtures.contact(admin, "Zoe Quill");
    JsonObject printer = Fixtures.ticket(admin, "Printer on floor 3 jams", zoe);
    patch(admin, "TKT-001", new JsonObject().put("priority", "urgent"));
    variedTickets(admin, zoe);
    ChromeDriver d = browser.driver();
    logIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    By cell = By.cssSelector("tr[data-ref='TKT-001'] td.col-sla");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(cell, "OK"));

    // The clock of TKT-001 is made to turn approaching in 4 s and breached in 8 s; one reload reads the new marks.
    app.execute("UPDATE tickets SET sla_warn_at = now() + interval '4 seconds',"
        + " sla_breach_at = now() + interval '8 seconds' WHERE id = " + printer.getLong("id"));
    d.navigate().refresh();
    // The row is redrawn whenever the ticket changes live (the watcher announces each crossing), so
    // the badge is read in one script call: an element found earlier may be gone by the next read.
    Badge ok = browser.waiting().until(driver -> badge("TKT-001", "OK"));
    assertThat(ok.state()).isEqualTo("ok");
    assertThat(ok.text()).matches("● OK \\d s left");
    d.executeScript("window.__sameDocument = true;"); // gone if the page reloads

    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(15));
    Badge approaching = wait.until(driver -> badge("TKT-001", "Approaching"));
    assertThat(approaching.classes()).contains("sla-approaching");
    assertThat(approaching.text()).matches("▲ Approaching \\d s left");
    browser.screenshot("sla-list");

    Badge breached = wait.until(driver -> badge("TKT-001", "Breached"));
    assertThat(breached.classes()).contains("sla-breached");
    assertThat(breached.text()).isEqualTo("! Breached just now");
    assertThat(breached.title()).contains("Breached:");
    assertThat(d.executeScript("return window.__sameDocument === true")).isEqualTo(true);
    browser.resize(390, 844);
    browser.screenshot("sla-list-phone");
    browser.resize(1280, 800);

    // The other rows: paused, met, overdue, breached, each with its word.
    assertThat(d.findElement(By.cssSelector("tr[data-ref='TKT-002'] td.col-sla")).getText()).contains("Paused");
    assertThat(d.findElement(By.cssSelector("tr[data-ref='TKT-003'] td.col-sla")).getText()).contains("✓").contains("Met");
    assertThat(d.findElement(By.cssSelector("tr[data-ref='TKT-004'] td.col-sla")).getText()).contains("Overdue");
    assertThat(d.findElement(By.cssSelector("tr[data-ref='TKT-005'] td.col-sla")).getText()).contains("Breached");
    assertThat(unexpectedConsoleErrors(d)).isEmpty();
  }

  @Test
  void theTicketPageShowsTheSlaPanelAndTheHistory() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject ticket = Fixtures.ticket(admin, "Printer on floor 3 jams", Fixtures.contact(admin, "Zoe Quill"));
    patch(admin, "TKT-001", new JsonObject().put("priority", "urgent"));
    patch(admin, "TKT-001", new JsonObject().put("dueAt", Instant.now().minusSeconds(3600).toString()));
    // as if it had come in an hour ago: the first response (1 h for urgent) is 2 minutes late
    app.execute("UPDATE tickets SET created_at = now() - interval '62 minutes',"
        + " sla_first_due_at = now() - interval '2 minutes', sla_resolution_due_at = now() + interval '178 minutes',"
        + " sla_warn_at = now() - interval '17 minutes', sla_breach_at = now() - interval '2 minutes'"
        + " WHERE id = " + ticket.getLong("id"));
    // the watcher announces the crossing within a second or two
    browser.waiting().until(driver -> admin.get("/api/tickets/TKT-001/history").array().stream()
        .anyMatch(c -> "sla".equals(((JsonObject) c).getString("field"))
            && "breached".equals(((JsonObject) c).getString("to"))));
    ChromeDriver d = browser.driver();
    logIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);

    d.get(app.baseUrl() + "/agent/#/tickets/TKT-001");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("sla-history"),
        "SLA turned breached"));
    assertThat(text(d.findElement(By.id("ticket-sla")))).isEqualTo("! SLA breached 2 min ago");
    assertThat(d.findElement(By.id("ticket-due")).getText()).contains("Overdue");
    WebElement panel = d.findElement(By.id("sla-panel"));
    assertThat(text(panel)).contains("First response missed: due 2 min ago").contains("Resolution due in 3 h")
        .contains("Paused none").contains("Due date ⚠ Overdue 1 h");
    assertThat(d.findElement(By.id("history")).getText())
        .contains("Administrator changed priority Medium → Urgent")
        .contains("Administrator changed due date none →");
    assertThat(d.findElement(By.id("sla-history")).getText())
        .contains("Re-targeted: priority Medium → Urgent");
    browser.screenshot("ticket-sla");
    d.executeScript("document.getElementById('sla-history').scrollIntoView({block: 'center'})");
    browser.screenshot("ticket-history");
    assertThat(unexpectedConsoleErrors(d)).isEmpty();
  }

  @Test
  void anAgentMergesADuplicateThroughTheDialog() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject zoe = Fixtures.contact(admin, "Zoe Quill");
    Fixtures.ticket(admin, "Printer on floor 3 jams", zoe);
    Fixtures.ticket(admin, "Printer on the third floor is jammed again", zoe);
    Fixtures.ticket(admin, "Printer toner is empty", zoe);
    Fixtures.ticket(admin, "Printer toner ran out", zoe);
    Fixtures.ticket(admin, "Printer question from someone else", Fixtures.contact(admin, "Yan Ode"));
    patch(admin, "TKT-003", new JsonObject().put("status", "closed"));
    ChromeDriver d = browser.driver();
    logIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);

    // TKT-002 into TKT-001, found by subject words, opened with Shift+M (m picks a macro)
    openTicket("TKT-002");
    new Actions(d).sendKeys("M").perform();
    WebElement search = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("merge-search")));
    assertThat(d.switchTo().activeElement()).isEqualTo(search);
    search.sendKeys("floor 3 jams");
    browser.waiting().until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("#merge-results button[data-ref='TKT-001']"))).click();
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("merge-target"), "Zoe Quill"));
    assertThat(d.findElement(By.id("merge-target-subject")).getText()).isEqualTo("Printer on floor 3 jams");
    assertThat(d.findElement(By.id("merge-target-status")).getText()).contains("Open");
    browser.screenshot("merge-dialog");
    d.findElement(By.id("merge-confirm")).click();
    browser.waiting().until(ExpectedConditions.textToBe(By.id("ticket-ref"), "TKT-001"));
    assertThat(d.getCurrentUrl()).endsWith("#/tickets/TKT-001");
    assertThat(admin.get("/api/tickets/TKT-002").json().getString("mergedInto")).isEqualTo("TKT-001");
    openTicket("TKT-002");
    WebElement banner = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("merged-notice")));
    assertThat(text(banner)).isEqualTo("⤳ Merged into TKT-001 — its conversation continues there.");
    assertThat(d.findElements(By.id("merge-button"))).isEmpty();
    d.findElement(By.id("merged-link")).click();
    browser.waiting().until(ExpectedConditions.textToBe(By.id("ticket-ref"), "TKT-001"));

    // TKT-004 into the closed TKT-003, typed as a ref: the dialog asks whether to reopen it
    openTicket("TKT-004");
    d.findElement(By.id("merge-button")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("merge-search"))).sendKeys("3", Keys.ENTER);
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("merge-target"), "is closed"));
    d.findElement(By.id("merge-confirm")).click();
    browser.waiting().until(ExpectedConditions.textToBe(By.id("merge-question-text"), "TKT-003 is closed. Reopen it?"));
    d.findElement(By.id("merge-reopen-yes")).click();
    browser.waiting().until(ExpectedConditions.textToBe(By.id("ticket-ref"), "TKT-003"));
    JsonObject reopened = admin.get("/api/tickets/TKT-003").json();
    assertThat(reopened.getString("status")).isEqualTo("open");
    assertThat(admin.get("/api/tickets/TKT-004").json().getString("mergedInto")).isEqualTo("TKT-003");

    // a refusal shows the problem's own words
    openTicket("TKT-005");
    d.findElement(By.id("merge-button")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("merge-search"))).sendKeys("TKT-001");
    browser.waiting().until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("#merge-results button[data-ref='TKT-001']"))).click();
    d.findElement(By.id("merge-confirm")).click();
    browser.waiting().until(ExpectedConditions.textToBe(By.id("merge-error-detail"),
        "TKT-005 and TKT-001 have different requesters"));
    new Actions(d).sendKeys(Keys.ESCAPE).perform();
    browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("merge-dialog")));
    assertThat(admin.get("/api/tickets/TKT-005").json().getValue("mergedInto")).isNull();
  }

  @Test
  void anAdminEditsTheSlaSettingsAndAnAgentOnlyReadsThem() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject original = admin.get("/api/sla/policies").json();
    Fixtures.ticket(admin, "Printer on floor 3 jams", Fixtures.contact(admin, "Zoe Quill"));
    JsonObject carl = Fixtures.user(admin, "Carl Lindqvist", "agent");
    ChromeDriver d = browser.driver();
    try {
      logIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
      d.findElement(By.id("nav-sla-settings")).click();
      WebElement hours = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(
          By.id("target-urgent-first-h")));
      assertThat(hours.getAttribute("value")).isEqualTo("1");
      type(hours, "2");
      type(d.findElement(By.id("target-urgent-first-m")), "30");
      type(d.findElement(By.id("approaching-percent")), "20");
      click(d.findElement(By.id("bh-enabled")));
      type(d.findElement(By.id("bh-zone")), "Europe/Berlin");
      click(d.findElement(By.id("bh-saturday-open")));
      d.executeScript("const i = document.getElementById('holiday-new'); i.value = '2026-12-25';");
      click(d.findElement(By.id("holiday-add")));
      browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li.holiday[data-date='2026-12-25']")));

      // a time zone the server does not know: its words appear next to the field
      type(d.findElement(By.id("bh-zone")), "Mars/Olympus");
      d.findElement(By.id("sla-save")).click();
      browser.waiting().until(ExpectedConditions.textToBe(By.id("bh-zone-error"),
          "Must be a time zone name such as Europe/Berlin"));
      assertThat(d.findElement(By.id("bh-zone")).getAttribute("aria-invalid")).isEqualTo("true");
      type(d.findElement(By.id("bh-zone")), "Europe/Berlin");
      d.findElement(By.id("sla-save")).click();
      browser.waiting().until(ExpectedConditions.textToBe(By.id("sla-save-status"), "Saved; 1 open ticket re-targeted"));
      d.executeScript("window.scrollTo(0, 0)");
      browser.screenshot("settings-sla");
      browser.resize(390, 844);
      d.executeScript("document.getElementById('bh-title').scrollIntoView()");
      browser.screenshot("settings-sla-phone");
      browser.resize(1280, 800);

      JsonObject saved = admin.get("/api/sla/policies").json();
      assertThat(saved.getInteger("approachingPercent")).isEqualTo(20);
      assertThat(saved.getJsonArray("policies").getJsonObject(0).getLong("firstResponseSeconds")).isEqualTo(9000);
      JsonObject hoursJson = saved.getJsonObject("businessHours");
      assertThat(hoursJson.getString("timeZone")).isEqualTo("Europe/Berlin");
      assertThat(hoursJson.getJsonObject("week").getJsonObject("monday").getString("start")).isEqualTo("09:00");
      assertThat(hoursJson.getJsonObject("week").getJsonObject("saturday").getString("end")).isEqualTo("17:00");
      assertThat(hoursJson.getJsonObject("week").getValue("sunday")).isNull();
      assertThat(hoursJson.getJsonArray("holidays")).containsExactly("2026-12-25");

      // an agent sees the same page, read-only
      logIn(carl.getString("email"), carl.getString("password"));
      d.get(app.baseUrl() + "/agent/#/settings/sla");
      browser.waiting().until(ExpectedConditions.attributeToBe(By.id("target-urgent-first-h"), "value", "2"));
      assertThat(d.findElement(By.id("sla-readonly")).getText()).contains("Only an admin can change them");
      assertThat(d.findElement(By.id("sla-fieldset")).getAttribute("disabled")).isNotNull();
      assertThat(d.findElement(By.id("target-urgent-first-h")).isEnabled()).isFalse();
      assertThat(d.findElements(By.id("sla-save"))).isEmpty();
      assertThat(unexpectedConsoleErrors(d)).isEmpty();
    } finally {
      Fixtures.check(admin.send("PUT", "/api/sla/policies", original.encode(), "application/json"), 200);
    }
  }

  @Test
  void aSaveOnTopOfAnotherAdminsSlaSettingsIsStoppedAndMineCanBeKept() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject original = admin.get("/api/sla/policies").json();
    Api other = Fixtures.login(app, Fixtures.user(admin, "Olga Otheradmin", "admin"));
    ChromeDriver d = browser.driver();
    try {
      logIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
      d.get(app.baseUrl() + "/agent/#/settings/sla");
      browser.waiting().until(ExpectedConditions.attributeToBe(By.id("target-urgent-first-h"), "value", "1"));

      // meanwhile the other admin raises the approaching share
      Fixtures.check(other.send("PUT", "/api/sla/policies", original.copy().put("approachingPercent", 40).encode(),
          "application/json"), 200);

      type(d.findElement(By.id("target-urgent-first-h")), "3");
      click(d.findElement(By.id("sla-save")));
      browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("sla-settings-error"),
          "Another admin changed the SLA settings"));
      assertThat(admin.get("/api/sla/policies").json().getInteger("approachingPercent")).isEqualTo(40);
      assertThat(admin.get("/api/sla/policies").json().getJsonArray("policies").getJsonObject(0)
          .getLong("firstResponseSeconds")).isEqualTo(3600);

      // "Show theirs" puts their value in the form; "Keep editing mine" brings mine back
      click(d.findElement(By.id("sla-conflict-theirs")));
      browser.waiting().until(ExpectedConditions.attributeToBe(By.id("approaching-percent"), "value", "40"));
      assertThat(d.findElement(By.id("target-urgent-first-h")).getAttribute("value")).isEqualTo("1");
      type(d.findElement(By.id("target-urgent-first-h")), "3");
      click(d.findElement(By.id("sla-save")));
      browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("sla-save-status"), "Saved"));
      JsonObject saved = admin.get("/api/sla/policies").json();
      assertThat(saved.getInteger("approachingPercent")).isEqualTo(40);
      assertThat(saved.getJsonArray("policies").getJsonObject(0).getLong("firstResponseSeconds")).isEqualTo(3 * 3600);

      // once more, keeping mine this time: the next Save replaces theirs
      Fixtures.check(other.send("PUT", "/api/sla/policies", saved.copy().put("approachingPercent", 10).encode(),
          "application/json"), 200);
      type(d.findElement(By.id("approaching-percent")), "30");
      click(d.findElement(By.id("sla-save")));
      browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("sla-conflict-mine")));
      click(d.findElement(By.id("sla-conflict-mine")));
      browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("sla-save-status"),
          "Your settings are back"));
      assertThat(d.findElement(By.id("approaching-percent")).getAttribute("value")).isEqualTo("30");
      click(d.findElement(By.id("sla-save")));
      browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("sla-save-status"), "Saved"));
      assertThat(admin.get("/api/sla/policies").json().getInteger("approachingPercent")).isEqualTo(30);
      assertThat(unexpectedConsoleErrors(d)).isEmpty();
    } finally {
      Fixtures.check(admin.send("PUT", "/api/sla/policies", original.encode(), "application/json"), 200);
    }
  }

  @Test
  void theAuditSaysWhatAnSlaChangeChangedInPlainWords() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject original = admin.get("/api/sla/policies").json();
    JsonObject changed = original.copy().put("approachingPercent", 30);
    changed.getJsonArray("policies").getJsonObject(0).put("firstResponseSeconds", 7200);
    Fixtures.check(admin.send("PUT", "/api/sla/policies", changed.encode(), "application/json"), 200);
    ChromeDriver d = browser.driver();
    try {
      logIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
      d.get(app.baseUrl() + "/agent/#/settings/audit");
      browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#audit-table tbody tr")));
      @SuppressWarnings("unchecked")
      List<Object> row = (List<Object>) d.executeScript(
          "const c = document.querySelector('#audit-table tbody tr').cells;"
              + " return [c[2].innerText, c[4].innerText, c[5].innerText];");
      assertThat(row.get(0)).isEqualTo("SLA policy changed");
      assertThat(row.get(1)).isEqualTo("Urgent first response: 1 h → 2 h; Approaching below: 25% → 30%");
      assertThat(String.valueOf(row.get(2))).doesNotContain("0:0:0").isNotEmpty();
      assertThat(unexpectedConsoleErrors(d)).isEmpty();
    } finally {
      Fixtures.check(admin.send("PUT", "/api/sla/policies", original.encode(), "application/json"), 200);
    }
  }

  // ---------- helpers ----------

  /** Tickets in every other SLA state for the list: paused, met, overdue, breached (TKT-002 … TKT-005). */
  private static void variedTickets(Api admin, JsonObject requester) {
    Fixtures.ticket(admin, "Refund for order 7781", requester);
    patch(admin, "TKT-002", new JsonObject().put("status", "pending"));
    Fixtures.ticket(admin, "Password reset link expired", requester);
    Fixtures.check(admin.post("/api/tickets/TKT-003/messages",
        new JsonObject().put("type", "reply").put("body", "Here is a new link.")), 201);
    patch(admin, "TKT-003", new JsonObject().put("status", "resolved"));
    Fixtures.ticket(admin, "VPN drops every hour", requester);
    patch(admin, "TKT-004", new JsonObject().put("dueAt", Instant.now().minusSeconds(2 * 3600).toString()));
    JsonObject late = Fixtures.ticket(admin, "Invoice address is wrong", requester);
    app.execute("UPDATE tickets SET sla_warn_at = now() - interval '1 hour', sla_breach_at = now() - interval '20 minutes'"
        + " WHERE id = " + late.getLong("id"));
  }

  private static void patch(Api admin, String ref, JsonObject changes) {
    int version = admin.get("/api/tickets/" + ref).json().getInteger("version");
    Fixtures.check(admin.patch("/api/tickets/" + ref, changes.put("version", version)), 200);
  }

  private static void openTicket(String ref) {
    browser.driver().get(app.baseUrl() + "/agent/#/tickets/" + ref);
    browser.waiting().until(ExpectedConditions.textToBe(By.id("ticket-ref"), ref));
  }

  private static void type(WebElement input, String text) {
    browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center'})", input);
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), text);
  }

  /** Clicks a control scrolled to the middle of the window, clear of the sticky save bar. */
  private static void click(WebElement control) {
    browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center'})", control);
    control.click();
  }

  /** What a row's SLA badge showed at one instant. */
  private record Badge(String state, String classes, String text, String title) {}

  /** The SLA badge of a list row, read in one script call, once its text holds a word; else null. */
  private static Badge badge(String ref, String word) {
    Object read = browser.driver().executeScript(
        "const b = document.querySelector(`tr[data-ref='${arguments[0]}'] td.col-sla .sla-badge`);"
            + " return b ? [b.dataset.sla || '', b.className, b.innerText, b.title || ''] : null;", ref);
    if (!(read instanceof List<?> parts)) {
      return null;
    }
    Badge badge = new Badge(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)),
        String.valueOf(parts.get(2)).replaceAll("\\s+", " ").trim(), String.valueOf(parts.get(3)));
    return badge.text().contains(word) ? badge : null;
  }

  /** An element's visible text on one line (Selenium puts flex items on lines of their own). */
  private static String text(WebElement element) {
    return element.getText().replaceAll("\\s+", " ").trim();
  }

  /** Starts signed out, on the login page, and signs in through the form. */
  private static void logIn(String email, String password) {
    ChromeDriver d = browser.driver();
    d.get(app.baseUrl() + "/");
    d.executeScript("localStorage.clear(); sessionStorage.clear();");
    d.get(app.baseUrl() + "/");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
    d.findElement(By.id("email")).sendKeys(email);
    d.findElement(By.id("password")).sendKeys(password);
    d.findElement(By.cssSelector("button[type=submit]")).click();
    browser.waiting().until(ExpectedConditions.urlContains("/agent/"));
    unexpectedConsoleErrors(d); // reading the log empties it: what came before signing in does not count
  }

  /** Severe console messages, less the 4xx answers a test provokes on purpose (they are shown on the page). */
  private static List<String> unexpectedConsoleErrors(ChromeDriver d) {
    try {
      return d.manage().logs().get(LogType.BROWSER).getAll().stream()
          .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
          .map(LogEntry::getMessage)
          .filter(m -> !m.matches("(?s).*the server responded with a status of 4(00|09|22).*"))
          .toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }
}
