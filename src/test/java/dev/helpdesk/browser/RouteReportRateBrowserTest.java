package dev.helpdesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.BrowserTest;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The pages of issue 14: Settings → Routing, Reports, and "How did we do?" (mail link page, portal, ticket page). */
class RouteReportRateBrowserTest extends BrowserTest {

  private static final TestApp app = TestApp.get();

  /** Scrolls the control to the middle first: the sticky save bar must not be in the way. */
  private static void click(ChromeDriver d, By by) {
    WebElement e = d.findElement(by);
    d.executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
    e.click();
  }

  private static void setStatus(Api admin, String ref, String status) {
    int version = admin.get("/api/tickets/" + ref).json().getInteger("version");
    Fixtures.check(admin.patch("/api/tickets/" + ref, new JsonObject().put("version", version)
        .put("status", status)), 200);
  }

  @Test
  void anAdminWritesTestsAndSavesRoutingRules() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject ann = Fixtures.user(admin, "Ann Archer", "agent");
    Fixtures.user(admin, "Ben Baker", "agent");
    JsonObject zoe = Fixtures.contact(admin, "Zoe Quill");
    for (String s : new String[] {"Invoice 7781 is wrong", "Refund for order 12", "Printer jams"}) {
      JsonObject body = Fixtures.ticketBody(s, "contact", zoe.getLong("id"))
          .put("category", s.startsWith("Printer") ? "technical" : "billing");
      Fixtures.check(admin.post("/api/tickets", body), 201);
    }
    ChromeDriver d = browser.driver();
    browser.logIn(app.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    d.get(app.baseUrl() + "/agent/#/settings/routing");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("routing-empty")));

    click(d, By.id("add-rule"));
    d.findElement(By.id("rule-0-name")).sendKeys("Billing to the billing team");
    click(d, By.id("rule-0-when-category-billing"));
    new Select(d.findElement(By.id("rule-0-then-assign"))).selectByValue("round_robin");
    for (WebElement box : d.findElements(By.cssSelector("#rule-0-then-among input[type=checkbox]"))) {
      box.click();
    }
    new Select(d.findElement(By.id("rule-0-then-priority"))).selectByValue("high");
    click(d, By.id("rule-0-test"));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("rule-0-preview"),
        "2 of the 3 most recent tickets would match"));

    // a second rule without a name: the error sits next to its field
    click(d, By.id("add-rule"));
    d.findElement(By.id("rule-1-then-addTags")).sendKeys("vip");
    click(d, By.id("routing-save"));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("rule-1-name-error"),
        "Is required"));
    d.findElement(By.id("rule-1-name")).sendKeys("Tag VIPs");
    d.findElement(By.id("rule-1-when-tags")).sendKeys("vip, gold");
    click(d, By.id("routing-save"));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("routing-status"),
        "Saved 2 rules"));
    browser.screenshot("settings-routing");
    // the one console error is the 400 of the first save, shown on the page
    assertThat(browser.severeConsoleErrors()).allMatch(e -> e.contains("/api/routing/rules") && e.contains("400"));

    JsonArray saved = admin.get("/api/routing/rules").array();
    assertThat(saved.getJsonObject(0).getJsonObject("then").getString("assign")).isEqualTo("round_robin");
    assertThat(saved.getJsonObject(0).getJsonObject("then").getJsonArray("among")).hasSize(3);
    JsonObject routed = admin.post("/api/tickets", Fixtures.ticketBody("Invoice again", "contact", zoe.getLong("id"))
        .put("category", "billing")).json();
    assertThat(routed.getString("priority")).isEqualTo("high");
    assertThat(routed.getJsonObject("assignee")).isNotNull();
    assertThat(ann).isNotNull();
    browser.resize(390, 844);
    browser.screenshot("settings-routing-phone");
    browser.resize(1280, 800);
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void theReportsPageShowsCardsChartTableAndGroupings() throws Exception {
    app.reset();
    Api admin = app.admin();
    long ann = Fixtures.user(admin, "Ann Archer", "agent").getLong("id");
    long ben = Fixtures.user(admin, "Ben Baker", "agent").getLong("id");
    JsonObject zoe = Fixtures.contact(admin, "Zoe Quill");
    String[] priorities = {"urgent", "high", "medium", "low"};
    for (int i = 0; i < 24; i++) {
      JsonObject body = Fixtures.ticketBody("Question " + i, "contact", zoe.getLong("id"))
          .put("priority", priorities[i % 4]).put("assignee", i % 3 == 0 ? ann : ben);
      Fixtures.check(admin.post("/api/tickets", body), 201);
    }
    // a month of history: spread the tickets over the last 20 days, answer and resolve most
    app.execute("UPDATE tickets SET created_at = now() - (id * 20 % 21) * interval '1 day' - interval '6 hours',"
            + " first_responded_at = now() - (id * 20 % 21) * interval '1 day' - interval '6 hours'"
            + " + (id * 7 % 90 + 5) * interval '1 minute'",
        "UPDATE tickets SET status = 'resolved', resolved_at = created_at + (id % 30 + 2) * interval '1 hour'"
            + " WHERE id % 4 <> 0",
        "INSERT INTO satisfaction_ratings (ticket_id, rating, rated_by, rated_at) SELECT id,"
            + " CASE WHEN id % 5 = 0 THEN 'bad' ELSE 'good' END, 'contact:1', resolved_at FROM tickets"
            + " WHERE resolved_at IS NOT NULL",
        "UPDATE report_state SET calendar = NULL");
    ChromeDriver d = browser.driver();
    browser.logIn(app.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    d.findElement(By.id("nav-reports")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("report-chart")));
    assertThat(d.findElement(By.cssSelector("#card-created .report-card-value")).getText()).isEqualTo("24");
    assertThat(d.findElements(By.cssSelector("#report-table tbody tr"))).hasSize(30);
    assertThat(d.findElements(By.cssSelector("#report-chart rect.chart-created"))).hasSize(30);
    browser.screenshot("reports");

    new Select(d.findElement(By.id("report-by"))).selectByValue("agent");
    browser.waiting().until(ExpectedConditions.urlContains("by=agent"));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("report-table"), "Ann Archer"));
    assertThat(d.findElements(By.cssSelector("#report-table tbody tr"))).hasSize(2);
    browser.screenshot("reports-by-agent");
    browser.resize(390, 844);
    browser.screenshot("reports-phone");
    browser.resize(1280, 800);
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void aSaveOnTopOfAnotherAdminsNewRulesIsStoppedAndShowsTheirs() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject other = Fixtures.user(admin, "Olga Otheradmin", "admin");
    ChromeDriver d = browser.driver();
    browser.logIn(app.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    d.get(app.baseUrl() + "/agent/#/settings/routing");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("routing-empty")));

    // meanwhile the other admin saves a rule of her own
    Fixtures.check(Fixtures.login(app, other).send("PUT", "/api/routing/rules", "[{\"name\": \"Outage first\","
        + " \"active\": true, \"when\": {\"subjectContains\": [\"outage\"]}, \"then\": {\"priority\": \"urgent\"}}]",
        "application/json"), 200);

    click(d, By.id("add-rule"));
    d.findElement(By.id("rule-0-name")).sendKeys("Urgent first");
    click(d, By.id("rule-0-when-priority-urgent"));
    new Select(d.findElement(By.id("rule-0-then-priority"))).selectByValue("high");
    click(d, By.id("routing-save"));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("routing-error"),
        "Another admin changed the routing rules"));
    assertThat(admin.get("/api/routing/rules").array().getJsonObject(0).getString("name")).isEqualTo("Outage first");
    browser.forgetConsole(); // the 409 just explained is the page working
    d.executeScript("document.getElementById('view-title').scrollIntoView()");
    browser.screenshot("routing-conflict");

    click(d, By.id("routing-conflict-theirs"));
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("rule-0-name"), "value", "Outage first"));
    // saving now builds on theirs
    click(d, By.id("add-rule"));
    d.findElement(By.id("rule-1-name")).sendKeys("Urgent first");
    click(d, By.id("rule-1-when-priority-urgent"));
    new Select(d.findElement(By.id("rule-1-then-priority"))).selectByValue("high");
    click(d, By.id("routing-save"));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("routing-status"), "Saved 2 rules"));
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void aBackwardsDateRangeIsExplainedBesideTheFromField() throws Exception {
    ChromeDriver d = browser.driver();
    browser.logIn(app.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    d.get(app.baseUrl() + "/agent/#/reports?from=2026-11-30&to=2026-11-01&by=week");
    // the server's words under From, the field marked, and no field path in the notice
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("report-from-error"),
        "must not be after to"));
    assertThat(d.findElement(By.id("report-from")).getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(d.findElement(By.id("report-problem")).getText()).doesNotContain("from:");
    browser.forgetConsole(); // the 400 just explained is the page working
  }

  @Test
  void aRequesterRatesFromTheMailAndThePortalAndTheTicketPageShowsItLive() throws Exception {
    app.reset();
    Api admin = app.admin();
    long agent = Fixtures.user(admin, "Ann Archer", "agent").getLong("id");
    JsonObject rita = Fixtures.user(admin, "Rita Requester", "requester");
    for (String subject : new String[] {"VPN drops every hour", "Cannot print to floor 3"}) {
      Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody(subject, "user", rita.getLong("id"))
          .put("assignee", agent)), 201);
    }
    setStatus(admin, "TKT-001", "resolved");
    setStatus(admin, "TKT-002", "resolved");
    String body = app.queryString("SELECT text_body FROM outbox WHERE subject LIKE 'How did we do?%TKT-001%'");
    Matcher m = Pattern.compile("(/portal/rate\\.html#token=[A-Za-z0-9_-]+&rating=)good").matcher(body);
    assertThat(m.find()).isTrue();

    // the agent has the ticket open while the requester rates
    ChromeDriver d = browser.driver();
    browser.logIn(app.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    d.get(app.baseUrl() + "/agent/#/tickets/TKT-001");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("ticket-subject")));
    assertThat(d.findElements(By.id("ticket-satisfaction"))).isEmpty();
    String agentWindow = d.getWindowHandle();

    d.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
    d.get(app.baseUrl() + m.group(1) + "bad");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("rate-ticket"), "TKT-001"));
    assertThat(d.findElement(By.id("rate-bad")).getAttribute("aria-pressed")).isEqualTo("true");
    assertThat(d.getCurrentUrl()).doesNotContain("token");
    d.findElement(By.id("rate-comment")).sendKeys("It dropped again this morning.");
    browser.screenshot("rate-page");
    d.findElement(By.id("rate-send")).click();
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("rate-title"), "Thank you"));
    browser.screenshot("rate-page-thanks");

    d.switchTo().window(agentWindow);
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticket-satisfaction"),
        "Rated Bad"));
    assertThat(d.findElement(By.id("ticket-satisfaction")).getText()).contains("It dropped again this morning.");
    browser.screenshot("ticket-rated-bad");

    // the portal asks on the other resolved request
    String created = app.queryString("SELECT text_body FROM outbox WHERE subject LIKE '[TKT-002]%' ORDER BY id LIMIT 1");
    Matcher link = Pattern.compile("/portal/#token=\\S+").matcher(created);
    assertThat(link.find()).isTrue();
    d.get("about:blank");
    d.get(app.baseUrl() + "/portal/");
    d.executeScript("localStorage.clear(); sessionStorage.clear();");
    d.get(app.baseUrl() + link.group());
    try {
      browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("rate-card")));
    } catch (RuntimeException e) {
      java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/route-portal.html"), d.getPageSource());
      browser.screenshot("debug-portal");
      throw e;
    }
    d.findElement(By.id("rate-good")).click();
    d.findElement(By.id("rate-comment")).sendKeys("Thanks, works now");
    browser.screenshot("portal-rate");
    d.findElement(By.id("rate-send")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("rate-done")));
    assertThat(admin.get("/api/tickets/TKT-002").json().getJsonObject("satisfaction").getString("rating"))
        .isEqualTo("good");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }
}
