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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The story of the search issue in a real browser: an agent types a token query, sees
 * chips and the matching rows, opens a preset, selects all matching tickets and changes
 * them in the mass-update dialog, and sees the rows change.
 */
class SearchAndBulkBrowserTest extends BrowserTest {

  private static final TestApp app = TestApp.get();

  @Test
  void anAgentFiltersWithTokensSelectsAllMatchingAndChangesThemAtOnce() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject carl = Fixtures.user(admin, "Carl Nyberg", "agent");
    long contact = Fixtures.contact(admin, "Pat Owner").getLong("id");
    app.execute("INSERT INTO tickets (subject, priority, category, channel, requester_contact_id, sla_first_due_at,"
        + " sla_resolution_due_at, sla_warn_at, sla_breach_at) SELECT 'Printer jam ' || g, 'urgent', 'technical',"
        + " 'email', " + contact + ", now() + interval '1 hour', now() + interval '4 hours',"
        + " now() + interval '45 minutes', now() + interval '1 hour' FROM generate_series(1, 55) g");
    Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody("Laptop is slow", "contact", contact)
        .put("priority", "urgent")), 201);
    Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody("Printer wants toner", "contact", contact)
        .put("priority", "low")), 201);
    ChromeDriver d = browser.driver();
    logIn(d);

    // presets in the sidebar, with live counts
    WebElement urgent = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(
        By.id("preset-urgent_unassigned")));
    assertThat(urgent.getText()).contains("Urgent Unassigned").contains("56");

    // typing suggests token names, then the query becomes chips and filters the list
    WebElement search = d.findElement(By.id("search"));
    search.click();
    search.sendKeys("pri");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#search-suggestions .search-option[data-insert='priority:']")));
    search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    search.sendKeys("priority:urgent status:open printer");
    search.sendKeys(Keys.ENTER);
    browser.waiting().until(ExpectedConditions.urlContains("q=priority"));
    browser.waiting().until(d2 -> d2.findElements(By.cssSelector(".search-chip")).size() == 3);
    assertThat(d.findElements(By.cssSelector(".search-chip")).stream().map(c -> c.getAttribute("data-token")).toList())
        .containsExactly("priority:urgent", "status:open", "printer");
    browser.waiting().until(ExpectedConditions.textToBe(By.id("list-count"), "50 of 55"));
    assertThat(d.findElements(By.cssSelector("tr[data-ref]"))).hasSize(50);
    assertThat(d.findElement(By.id("ticket-rows")).getText()).doesNotContain("Laptop").doesNotContain("toner");

    // Backspace in the empty input removes the last chip and filters again
    search = d.findElement(By.id("search"));
    search.click();
    search.sendKeys(Keys.BACK_SPACE);
    browser.waiting().until(d2 -> d2.findElements(By.cssSelector(".search-chip")).size() == 2);
    browser.waiting().until(ExpectedConditions.textToBe(By.id("list-count"), "50 of 56"));
    search.sendKeys("printer" + Keys.ENTER);
    browser.waiting().until(ExpectedConditions.textToBe(By.id("list-count"), "50 of 55"));

    // select the page, then all matching, then change them all
    d.findElement(By.id("select-page")).click();
    browser.waiting().until(ExpectedConditions.textToBe(By.id("bulk-count"), "50 selected"));
    d.findElement(By.id("select-all-matching")).click();
    browser.waiting().until(ExpectedConditions.textToBe(By.id("bulk-count"), "All 55 matching selected"));
    browser.screenshot("search-selection");
    d.findElement(By.id("mass-update")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("bulk-dialog")));
    new Select(d.findElement(By.id("bulk-priority"))).selectByValue("low");
    new Select(d.findElement(By.id("bulk-assignee"))).selectByVisibleText("Carl Nyberg");
    assertThat(d.findElement(By.id("bulk-preview")).getText())
        .isEqualTo("55 tickets: priority → Low, agent → Carl Nyberg");
    browser.screenshot("mass-update");
    d.findElement(By.id("bulk-apply")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("bulk-result")));
    assertThat(d.findElement(By.id("bulk-result")).getText()).startsWith("Updated 55 tickets");
    d.findElement(By.id("bulk-apply")).click();

    // the rows change: nothing urgent and open about printers is left
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("empty-state")));
    List<String> low = admin.get("/api/tickets?limit=200&q=priority:low%20printer").json().getJsonArray("items")
        .stream().map(t -> ((JsonObject) t).getJsonObject("assignee"))
        .map(a -> a == null ? "nobody" : a.getString("name")).toList();
    assertThat(low).hasSize(56).filteredOn("Carl Nyberg"::equals).hasSize(55);

    d.findElement(By.id("clear-filter")).click();
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticket-rows"), "Carl Nyberg"));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("preset-urgent_unassigned"),
        "1"));
    assertThat(d.findElement(By.id("ticket-rows")).getText()).contains("Low");
    browser.screenshot("ticket-list-after-bulk");

    // values are suggested too: agents by name; Enter takes the suggestion, Enter again filters
    search = d.findElement(By.id("search"));
    search.click();
    search.sendKeys("agent:car");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("search-suggestions"),
        "Carl Nyberg"));
    search.sendKeys(Keys.ENTER);
    browser.waiting().until(d2 -> d2.findElements(By.cssSelector(".search-chip")).size() == 1);
    assertThat(d.findElement(By.cssSelector(".search-chip")).getAttribute("data-token"))
        .isEqualTo("agent:" + carl.getString("email"));
    search.sendKeys(Keys.ENTER);
    browser.waiting().until(ExpectedConditions.textToBe(By.id("list-count"), "50 of 55"));
    browser.resize(390, 844);
    d.navigate().refresh();
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-ref]")));
    browser.screenshot("ticket-list-selection-phone");
    browser.resize(1280, 800);
    assertThat(browser.severeConsoleErrors()).isEmpty();
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
}
