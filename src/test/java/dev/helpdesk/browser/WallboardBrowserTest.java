package dev.helpdesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.BrowserTest;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** A TV opens a wallboard link and its numbers follow tickets created on another instance. */
class WallboardBrowserTest extends BrowserTest {

  private static final TestApp app = TestApp.get();
  private static final TestApp other = TestApp.second();

  @Test
  void aWallboardLinkShowsTheQueueAndItsNumbersMoveWhenATicketIsCreated() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject contact = Fixtures.contact(admin, "Zoe Quill");
    JsonObject carl = Fixtures.user(admin, "Carl Agent", "agent");
    JsonObject ann = Fixtures.user(admin, "Ann Kowalski", "agent");
    for (int i = 0; i < 7; i++) {
      JsonObject body = Fixtures.ticketBody("Printer " + i + " jams on floor 3", "contact", contact.getLong("id"))
          .put("priority", List.of("urgent", "high", "medium", "low").get(i % 4))
          .put("assignee", i % 3 == 0 ? null : (i % 2 == 0 ? carl : ann).getLong("id"));
      Fixtures.check(admin.post("/api/tickets", body), 201);
    }
    String url = admin.post("/api/wallboard/links", null).json().getString("url");
    ChromeDriver d = browser.driver();
    browser.resize(1280, 720);

    d.get(url.replace(app.baseUrl(), other.baseUrl()));
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("num-open"), "data-value", "7"));
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("status"), "data-state", "live"));

    JsonObject urgent = Fixtures.ticketBody("Server room is flooding", "contact", contact.getLong("id"))
        .put("priority", "urgent");
    Fixtures.check(admin.post("/api/tickets", urgent), 201);

    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("num-open"), "data-value", "8"));
    browser.waiting().until(ExpectedConditions.textToBe(By.id("num-created"), "8"));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("ticker"),
        "Server room is flooding"));
    assertThat(d.findElement(By.id("tile-sla")).getAttribute("class")).doesNotContain("wb-alert");
    assertThat(fitsWithoutScrolling(d)).isTrue();
    browser.screenshot("wallboard");

    browser.resize(1920, 1080);
    d.navigate().refresh();
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("num-open"), "data-value", "8"));
    assertThat(fitsWithoutScrolling(d)).isTrue();
    // read across a room: the chart's labels are as tall as the rest of the board's small text, and apart
    @SuppressWarnings("unchecked")
    List<Map<String, Number>> labels = (List<Map<String, Number>>) d.executeScript(
        "return [...document.querySelectorAll('#chart text')].filter(t => /[AP]M|:/.test(t.textContent))"
            + ".map(t => { const r = t.getBoundingClientRect(); return {h: r.height, left: r.left, right: r.right}; })");
    assertThat(labels).hasSizeBetween(3, 8);
    for (int i = 0; i < labels.size(); i++) {
      assertThat(labels.get(i).get("h").doubleValue()).as("hour label height, px").isGreaterThanOrEqualTo(18);
      if (i > 0) {
        assertThat(labels.get(i).get("left").doubleValue()).as("labels apart")
            .isGreaterThan(labels.get(i - 1).get("right").doubleValue());
      }
    }
    browser.screenshot("wallboard-1080p");

    browser.resize(390, 844);
    d.navigate().refresh();
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("num-open"), "data-value", "8"));
    assertThat(fitsWithoutScrolling(d)).isTrue();
    browser.screenshot("wallboard-phone");
    browser.resize(1280, 800);

    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void aRevokedLinkClosesTheBoardInsteadOfShowingFrozenFigures() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject contact = Fixtures.contact(admin, "Rita Revoked");
    Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody("Projector is blank", "contact",
        contact.getLong("id")).put("priority", "urgent")), 201);
    JsonObject link = admin.post("/api/wallboard/links", new JsonObject().put("name", "Hall TV")).json();
    long linkId = admin.get("/api/wallboard/links").array().getJsonObject(0).getLong("id");
    ChromeDriver d = browser.driver();
    browser.resize(1920, 1080);
    d.get("about:blank"); // from another test's /wallboard/ page the link would be a mere hash change
    d.get(link.getString("url"));
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("num-open"), "data-value", "1"));
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("status"), "data-state", "live"));

    Fixtures.check(admin.delete("/api/wallboard/links/" + linkId), 204);

    // read everything in one script: the board redraws while it closes
    browser.waiting().until(driver -> (Boolean) d.executeScript(
        "const p = document.getElementById('problem');"
            + "return !p.hidden && p.textContent.includes('not valid')"
            + " && document.getElementById('num-open').textContent === '–'"
            + " && document.getElementById('num-urgent').textContent === '–'"
            + " && document.getElementById('ticker').children.length === 0"
            + " && document.getElementById('agents').children.length === 0"));
    assertThat(fitsWithoutScrolling(d)).isTrue();
    browser.screenshot("wallboard-revoked");
    browser.resize(1280, 800);
  }

  @Test
  void aPageWithoutALinkSaysWhatToDo() {
    ChromeDriver d = browser.driver();
    d.get("about:blank");
    d.executeCdpCommand("Storage.clearDataForOrigin", java.util.Map.of("origin", app.baseUrl(),
        "storageTypes", "local_storage"));
    d.get(app.baseUrl() + "/wallboard");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
    assertThat(d.findElement(By.id("problem")).getText()).contains("wallboard link");
  }

  @Test
  void aLinkNeedsANameAndRevokingOneAsksFirst() throws Exception {
    app.reset();
    Api admin = app.admin();
    Fixtures.check(admin.post("/api/wallboard/links", new JsonObject().put("name", "Hall TV")), 201);
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    browser.logIn(app.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    d.get(app.baseUrl() + "/agent/#/settings/wallboard-links");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("link-table"), "Hall TV"));

    // no name: the field says so, nothing is made
    click(d, By.id("link-create"));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("link-name-error"), "Enter a name"));
    assertThat(d.findElement(By.id("link-name")).getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(admin.get("/api/wallboard/links").array()).hasSize(1);
    assertThat(d.findElements(By.id("link-url"))).isEmpty();

    // Revoke asks first; Cancel keeps the link
    long id = admin.get("/api/wallboard/links").array().getJsonObject(0).getLong("id");
    click(d, By.id("link-revoke-" + id));
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("revoke-dialog-message")));
    assertThat(d.findElement(By.id("revoke-dialog-title")).getText()).contains("Hall TV");
    click(d, By.id("revoke-dialog-cancel"));
    browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("revoke-dialog")));
    assertThat(admin.get("/api/wallboard/links").array()).hasSize(1);

    click(d, By.id("link-revoke-" + id));
    click(d, By.id("revoke-dialog-ok"));
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#link-list .empty")));
    assertThat(admin.get("/api/wallboard/links").array()).isEmpty();
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  /** Clicks a control scrolled to the middle of the window. */
  private static void click(ChromeDriver d, By by) {
    org.openqa.selenium.WebElement control = browser.waiting().until(ExpectedConditions.elementToBeClickable(by));
    d.executeScript("arguments[0].scrollIntoView({block: 'center'})", control);
    control.click();
  }

  private static boolean fitsWithoutScrolling(ChromeDriver d) {
    return (Boolean) d.executeScript("return document.documentElement.scrollHeight <= window.innerHeight"
        + " && document.documentElement.scrollWidth <= window.innerWidth");
  }
}
