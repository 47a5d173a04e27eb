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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The agent list is open in a browser on the second instance; tickets created, changed and
 * deleted through the API on the first one show there without a reload: new rows at their
 * sorted place, changed rows in place (the same row element, still checked), deleted rows
 * gone; a filtered list gains and loses rows as they start and stop matching; the scroll
 * position and the preset counts follow.
 */
class LiveListBrowserTest extends BrowserTest {

  private static final TestApp app = TestApp.get();
  private static final TestApp other = TestApp.second();

  @Test
  void createdChangedAndDeletedTicketsShowWithoutReload() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject rita = Fixtures.contact(admin, "Rita Requester");
    Fixtures.ticket(admin, "VPN drops every hour", rita);       // TKT-001
    Fixtures.ticket(admin, "Refund for order 7781", rita);      // TKT-002
    Fixtures.ticket(admin, "Password reset loop", rita);        // TKT-003
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    browser.logIn(other.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    d.get(other.baseUrl() + "/agent/#/");
    browser.waiting().until(d2 -> refs(d2).size() == 3);
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("list-live-status"), "data-state", "live"));
    assertThat(d.findElement(By.id("list-live-status")).getText()).isEqualTo("Live");
    assertThat(refs(d)).containsExactly("TKT-003", "TKT-002", "TKT-001");
    d.executeScript("window.__samePage = 'yes'");

    // Check TKT-002 for a bulk change, and put the keyboard cursor on TKT-001.
    d.findElement(By.cssSelector("tr[data-ref='TKT-002'] input.row-select")).click();
    browser.waiting().until(ExpectedConditions.textToBe(By.id("bulk-count"), "1 selected"));
    d.findElement(By.id("view-title")).click();
    d.findElement(By.tagName("body")).sendKeys("jjj");
    browser.waiting().until(ExpectedConditions.attributeContains(
        By.cssSelector("tr[data-ref='TKT-001']"), "class", "is-selected"));
    WebElement refundRow = d.findElement(By.cssSelector("tr[data-ref='TKT-002']"));
    String urgentBefore = d.findElement(By.cssSelector("#preset-urgent_unassigned .preset-count")).getText();

    // Created on instance 1: slides in at the top (newest first), highlighted.
    Fixtures.ticket(admin, "Printer on floor 3 jams", rita); // TKT-004
    browser.waiting().until(d2 -> refs(d2).contains("TKT-004"));
    assertThat(d.findElement(By.cssSelector("tr[data-ref='TKT-004']")).getAttribute("class")).contains("is-fresh");
    assertThat(refs(d)).containsExactly("TKT-004", "TKT-003", "TKT-002", "TKT-001");
    browser.waiting().until(ExpectedConditions.textToBe(By.id("list-count"), "4 tickets"));

    // Changed on instance 1: the same row element changes and moves up, still checked.
    patch(admin, "TKT-002", new JsonObject().put("subject", "Refund for order 7781 (urgent)")
        .put("priority", "urgent"));
    browser.waiting().until(textIn(By.cssSelector("tr[data-ref='TKT-002']"), "Refund for order 7781 (urgent)"));
    browser.waiting().until(d2 -> refs(d2).get(0).equals("TKT-002"));
    // not stale: the same row element, updated in place
    assertThat(refundRow.findElement(By.cssSelector(".col-priority")).getText()).isEqualToIgnoringCase("urgent");
    assertThat(refundRow.getAttribute("class")).contains("is-checked");
    assertThat(refundRow.findElement(By.cssSelector("input.row-select")).isSelected()).isTrue();
    assertThat(d.findElement(By.id("bulk-count")).getText()).isEqualTo("1 selected");
    assertThat(d.findElement(By.cssSelector("tr[data-ref='TKT-001']")).getAttribute("class")).contains("is-selected");
    // The sidebar counts follow.
    browser.waiting().until(d2 -> !d2.findElement(By.cssSelector("#preset-urgent_unassigned .preset-count")).getText()
        .equals(urgentBefore));
    browser.screenshot("live-list");
    browser.resize(390, 844);
    assertThat((Boolean) d.executeScript("return document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
    assertThat(d.findElement(By.id("list-live-status")).isDisplayed()).isTrue();
    browser.screenshot("live-list-phone");
    browser.resize(1280, 800);

    // Deleted on instance 1: the row goes, and so does its selection.
    Fixtures.check(admin.delete("/api/tickets/TKT-002"), 204);
    browser.waiting().until(d2 -> !refs(d2).contains("TKT-002"));
    browser.waiting().until(ExpectedConditions.textToBe(By.id("list-count"), "3 tickets"));
    assertThat(d.findElement(By.id("bulk-bar")).getText()).doesNotContain("selected");
    assertThat(refs(d)).containsExactly("TKT-004", "TKT-003", "TKT-001");
    assertThat(d.findElement(By.cssSelector("tr[data-ref='TKT-001']")).getAttribute("class")).contains("is-selected");

    assertThat(d.executeScript("return window.__samePage")).isEqualTo("yes");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void aFilteredListGainsAndLosesRowsAndKeepsItsScroll() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject rita = Fixtures.contact(admin, "Rita Requester");
    for (int i = 1; i <= 30; i++) {
      Fixtures.ticket(admin, "Urgent thing " + i, rita); // TKT-001..030
    }
    for (int i = 1; i <= 30; i++) {
      patch(admin, String.format("TKT-%03d", i), new JsonObject().put("priority", "urgent"));
    }
    Fixtures.ticket(admin, "Not urgent yet", rita); // TKT-031
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    browser.logIn(other.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    d.get(other.baseUrl() + "/agent/#/?q=priority%3Aurgent&sort=created");
    browser.waiting().until(d2 -> refs(d2).size() == 30);
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("list-live-status"), "data-state", "live"));
    d.executeScript("window.__samePage = 'yes'");

    // Scrolled down to TKT-020: rows arriving above it do not move it on screen.
    d.executeScript("document.querySelector(\"tr[data-ref='TKT-020']\").scrollIntoView({block: 'start'});"
        + "window.scrollBy(0, -200)");
    long topBefore = rowTop(d, "TKT-020");
    assertThat((Long) d.executeScript("return Math.round(window.scrollY)")).isGreaterThan(0L);

    // Becoming urgent, TKT-031 joins the filter at its sorted place (the end: oldest first).
    patch(admin, "TKT-031", new JsonObject().put("priority", "urgent"));
    browser.waiting().until(d2 -> refs(d2).contains("TKT-031"));
    assertThat(refs(d).get(refs(d).size() - 1)).isEqualTo("TKT-031");
    browser.waiting().until(ExpectedConditions.textToBe(By.id("list-count"), "31 tickets"));

    // No longer urgent, TKT-005 (above the view) leaves: what is on screen stays where it was.
    patch(admin, "TKT-005", new JsonObject().put("priority", "low"));
    browser.waiting().until(d2 -> !refs(d2).contains("TKT-005"));
    browser.waiting().until(ExpectedConditions.textToBe(By.id("list-count"), "30 tickets"));
    assertThat(Math.abs(rowTop(d, "TKT-020") - topBefore)).isLessThanOrEqualTo(2L);

    // Urgent again: back at its place, still without moving the rows on screen.
    patch(admin, "TKT-005", new JsonObject().put("priority", "urgent"));
    browser.waiting().until(d2 -> refs(d2).contains("TKT-005"));
    assertThat(refs(d).indexOf("TKT-005")).isEqualTo(4);
    assertThat(Math.abs(rowTop(d, "TKT-020") - topBefore)).isLessThanOrEqualTo(2L);
    assertThat(d.getCurrentUrl()).contains("q=priority%3Aurgent");

    assertThat(d.executeScript("return window.__samePage")).isEqualTo("yes");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  private static void patch(Api api, String ref, JsonObject changes) {
    long version = api.get("/api/tickets/" + ref).json().getLong("version");
    Fixtures.check(api.patch("/api/tickets/" + ref, changes.put("version", version)), 200);
  }

  /** The rows' refs, read in one script: a row replaced while it is read cannot go stale. */
  @SuppressWarnings("unchecked")
  private static List<String> refs(WebDriver d) {
    return (List<String>) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
        "return [...document.querySelectorAll('#ticket-rows tr[data-ref]')].map(r => r.dataset.ref)");
  }

  private static long rowTop(ChromeDriver d, String ref) {
    return (Long) d.executeScript("return Math.round(document.querySelector(\"tr[data-ref='" + ref
        + "']\").getBoundingClientRect().top)");
  }

  private static ExpectedCondition<Boolean> textIn(By by, String text) {
    return (WebDriver d2) -> {
      List<WebElement> found = d2.findElements(by);
      return !found.isEmpty() && found.get(0).getText().contains(text);
    };
  }
}
