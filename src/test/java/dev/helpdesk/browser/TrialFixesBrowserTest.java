package dev.helpdesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.BrowserTest;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * What a trial found (issue 13, item 7), in a real browser: the mass-update summary never
 * says "null", Enter takes the highlighted suggestion and the focus stays in the search field,
 * a paused ticket's SLA panel agrees with itself, the phone menu folds away, and the portal
 * does not say "You" wrote a description an agent took down (on the phone, or a web ticket an
 * agent opened), only one the requester wrote.
 */
class TrialFixesBrowserTest extends BrowserTest {

  private static final Pattern LINK = Pattern.compile("https?://[^\\s/]+(/portal/#token=[A-Za-z0-9._-]+&ticket=TKT-\\d+)");

  private static final TestApp app = TestApp.get();

  @Test
  void massUpdateSummaryNeverSaysNull() {
    app.reset();
    Api admin = app.admin();
    JsonObject pat = Fixtures.contact(admin, "Pat Owner");
    JsonObject carl = Fixtures.user(admin, "Carl Nyberg", "agent");
    Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody("Printer jam", "contact", pat.getLong("id"))
        .put("assignee", carl.getLong("id"))), 201);
    Fixtures.ticket(admin, "Printer toner", pat);
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    logIn(d);

    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("select-page"))).click();
    browser.waiting().until(ExpectedConditions.textToBe(By.id("bulk-count"), "2 selected"));
    d.findElement(By.id("mass-update")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("bulk-dialog")));
    new Select(d.findElement(By.id("bulk-assignee"))).selectByValue("none");
    new Select(d.findElement(By.id("bulk-priority"))).selectByValue("high");
    String preview = d.findElement(By.id("bulk-preview")).getText();
    assertThat(preview).contains("Unassigned").doesNotContainIgnoringCase("null");
    d.findElement(By.id("bulk-apply")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("bulk-result")));
    assertThat(d.findElement(By.id("bulk-dialog")).getText()).doesNotContainIgnoringCase("null");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void enterTakesTheHighlightedSuggestionAndTheFocusStaysInTheSearchField() {
    app.reset();
    Api admin = app.admin();
    JsonObject pat = Fixtures.contact(admin, "Pat Owner");
    Fixtures.ticket(admin, "Printer jam", pat);
    Fixtures.ticket(admin, "Laptop is slow", pat);
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    logIn(d);
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-ref]")));

    // "pri" with "priority:" highlighted: Enter takes it, no subject search for "pri"
    WebElement search = d.findElement(By.id("search"));
    search.click();
    search.sendKeys("pri");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#search-suggestions .search-option.is-active[data-insert='priority:']")));
    search.sendKeys(Keys.ENTER);
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("search"), "value", "priority:"));
    assertThat(d.getCurrentUrl()).doesNotContain("q=pri");
    assertThat(activeId(d)).isEqualTo("search");

    // a plain word runs the query, and the focus stays in the field: "c" is typed, not a shortcut
    search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    search.sendKeys("printer");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#search-suggestions .search-option.is-active[data-insert='printer']")));
    search.sendKeys(Keys.ENTER);
    browser.waiting().until(ExpectedConditions.urlContains("q=printer"));
    browser.waiting().until(d2 -> d2.findElements(By.cssSelector("tr[data-ref]")).size() == 1);
    assertThat(activeId(d)).isEqualTo("search");
    search.sendKeys("c");
    assertThat(d.getCurrentUrl()).doesNotContain("#/new");
    assertThat(search.getAttribute("value")).isEqualTo("c");
    assertThat(activeId(d)).isEqualTo("search");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void aPausedTicketSaysSinceWhenAndARunningOneDoesNotSayPaused() {
    app.reset();
    Api admin = app.admin();
    JsonObject pat = Fixtures.contact(admin, "Pat Owner");
    Fixtures.ticket(admin, "Waiting for the customer", pat);
    Fixtures.ticket(admin, "Still running", pat);
    int version = admin.get("/api/tickets/TKT-001").json().getInteger("version");
    Fixtures.check(admin.patch("/api/tickets/TKT-001",
        new JsonObject().put("status", "pending").put("version", version)), 200);
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    logIn(d);

    d.get(app.baseUrl() + "/agent/#/tickets/TKT-001");
    browser.waiting().until(ExpectedConditions.textToBe(By.id("ticket-ref"), "TKT-001"));
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("sla-paused")));
    assertThat(d.findElement(By.id("sla-panel-badge")).getText().toLowerCase()).contains("paused");
    String paused = d.findElement(By.id("sla-paused")).getText();
    assertThat(paused).startsWith("paused").isNotEqualTo("none");
    assertThat(d.findElements(By.cssSelector("#sla-paused time[datetime]"))).hasSize(1);

    d.get(app.baseUrl() + "/agent/#/tickets/TKT-002");
    browser.waiting().until(ExpectedConditions.textToBe(By.id("ticket-ref"), "TKT-002"));
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("sla-paused")));
    assertThat(d.findElement(By.id("sla-panel-badge")).getText().toLowerCase()).doesNotContain("paused");
    assertThat(d.findElement(By.id("sla-paused")).getText()).isEqualTo("none");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void atPhoneWidthTheMenuFoldsBehindAButton() throws Exception {
    app.reset();
    Api admin = app.admin();
    Fixtures.ticket(admin, "Printer jam", Fixtures.contact(admin, "Pat Owner"));
    ChromeDriver d = browser.driver();
    browser.resize(390, 844);
    logIn(d);
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-ref]")));

    WebElement toggle = d.findElement(By.id("menu-toggle"));
    assertThat(toggle.isDisplayed()).isTrue();
    assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
    assertThat(d.findElement(By.id("sidebar")).isDisplayed()).isFalse();
    double share = ((Number) d.executeScript("return document.querySelector('.topbar').getBoundingClientRect()"
        + ".height / window.innerHeight")).doubleValue();
    assertThat(share).isLessThan(0.25);
    double mainTop = ((Number) d.executeScript("return document.getElementById('main').getBoundingClientRect()"
        + ".top / window.innerHeight")).doubleValue();
    assertThat(mainTop).isLessThan(0.25);

    toggle.click();
    assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
    assertThat(d.findElement(By.id("sidebar")).isDisplayed()).isTrue();
    assertThat(d.findElement(By.id("nav-tickets")).isDisplayed()).isTrue();
    browser.screenshot("agent-phone-menu");
    d.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("menu-toggle"), "aria-expanded", "false"));
    assertThat(d.findElement(By.id("sidebar")).isDisplayed()).isFalse();
    assertThat(activeId(d)).isEqualTo("menu-toggle");

    // a link chosen in the open menu goes there and folds the menu
    toggle.click();
    d.findElement(By.id("nav-workload")).click();
    browser.waiting().until(ExpectedConditions.urlContains("#/workload"));
    assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
    browser.resize(1280, 800);
    assertThat(d.findElement(By.id("sidebar")).isDisplayed()).isTrue();
    assertThat(d.findElement(By.id("menu-toggle")).isDisplayed()).isFalse();
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void aDescriptionAnAgentTookDownIsFromTheTeamNotYou() {
    app.reset();
    Api admin = app.admin();
    JsonObject petra = Fixtures.contact(admin, "Petra Portal");
    Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody("Called about the VPN", "contact",
        petra.getLong("id")).put("channel", "phone")), 201);
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    d.get("about:blank");
    d.get(app.baseUrl() + "/portal/");
    d.executeScript("localStorage.clear(); sessionStorage.clear();");
    d.get(app.baseUrl() + portalLinkFor(petra.getString("email")));
    WebElement opening = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("msg-description")));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("msg-description"),
        "Details of Called about the VPN"));
    assertThat(opening.getAttribute("data-mine")).isEqualTo("false");
    String author = d.findElement(By.cssSelector("#msg-description .msg-author")).getText();
    assertThat(author).isNotEqualTo("You").isEqualTo("Support team");

    // a web ticket an agent opened for her: the team's text too (the ticket records who opened it)
    Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody("Wrote down your laptop order", "contact",
        petra.getLong("id")).put("channel", "web")), 201);
    assertThat(openingAuthor(d, portalLinkFor(petra.getString("email")), "Details of Wrote down your laptop order"))
        .isEqualTo("Support team");

    // and one she sent herself through the request form: "You"
    Fixtures.check(app.anonymous().post("/api/requests", new JsonObject().put("email", petra.getString("email"))
        .put("subject", "My own words").put("description", "I typed this myself")), 202);
    assertThat(openingAuthor(d, portalLinkFor(petra.getString("email")), "I typed this myself")).isEqualTo("You");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  /** Opens a portal link and answers who the opening text's bubble names, once it shows {@code text}. */
  private static String openingAuthor(ChromeDriver d, String link, String text) {
    d.get("about:blank");
    d.get(app.baseUrl() + link);
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("msg-description"), text));
    WebElement opening = d.findElement(By.id("msg-description"));
    String author = opening.findElement(By.cssSelector(".msg-author")).getText();
    assertThat(opening.getAttribute("data-mine")).isEqualTo(String.valueOf(author.equals("You")));
    return author;
  }

  private static String activeId(ChromeDriver d) {
    return (String) d.executeScript("return document.activeElement && document.activeElement.id");
  }

  private static void logIn(ChromeDriver d) {
    d.get(app.baseUrl() + "/");
    d.executeScript("localStorage.clear(); sessionStorage.clear();");
    d.get(app.baseUrl() + "/");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
    d.findElement(By.id("email")).sendKeys(TestApp.ADMIN_EMAIL);
    d.findElement(By.id("password")).sendKeys(TestApp.ADMIN_PASSWORD);
    d.findElement(By.cssSelector("button[type=submit]")).click();
    browser.waiting().until(ExpectedConditions.urlContains("/agent/"));
    browser.forgetConsole(); // what came before signing in does not count
  }

  /** The portal link of the latest mail to that address (path and fragment only). */
  private static String portalLinkFor(String email) {
    String body = app.queryString("SELECT text_body FROM outbox WHERE to_address = '" + email.replace("'", "''")
        + "' ORDER BY id DESC LIMIT 1");
    Matcher m = LINK.matcher(body == null ? "" : body);
    assertThat(m.find()).as(body).isTrue();
    return m.group(1);
  }
}
