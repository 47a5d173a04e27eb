package dev.helpdesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.BrowserTest;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.LiveClient;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * An agent has a ticket open in a browser on the second instance; changes made through the
 * API on the first one reach the page without a reload: replies and notes in the thread, the
 * status select, a conflict notice for a field being edited, who else is there and typing.
 */
class LiveTicketPageBrowserTest extends BrowserTest {

  private static final TestApp app = TestApp.get();
  private static final TestApp other = TestApp.second();

  @Test
  void repliesStatusConflictsAndPresenceArriveWithoutReload() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject rita = Fixtures.contact(admin, "Rita Requester");
    Fixtures.ticket(admin, "VPN drops every hour", rita);
    JsonObject ann = Fixtures.user(admin, "Ann Kowalski", "agent");
    JsonObject carl = Fixtures.user(admin, "Carl Lindqvist", "agent");
    Api carlApi = Fixtures.login(app, carl);
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);

    browser.logIn(other.baseUrl(), ann.getString("email"), ann.getString("password"));
    d.get(other.baseUrl() + "/agent/#/tickets/TKT-001");
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("msg-description")));
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("live-status"), "data-state", "live"));
    assertThat(d.findElement(By.id("live-status")).getText()).isEqualTo("Live");
    d.executeScript("window.__samePage = 'yes'");

    try (LiveClient carlLive = LiveClient.connect(app, carlApi)) {
      carlLive.subscribe("ticket:TKT-001");
      // The page announced Ann as viewing, seen on the other instance.
      carlLive.next(presence(users -> hasUser(users, "Ann Kowalski", "viewing")));

      // A reply and a note made on instance 1 appear in the thread on instance 2.
      Fixtures.check(carlApi.post("/api/tickets/TKT-001/messages",
          new JsonObject().put("type", "reply").put("body", "Please reinstall the VPN client.")), 201);
      Fixtures.check(carlApi.post("/api/tickets/TKT-001/messages",
          new JsonObject().put("type", "note").put("body", "Known issue with client 4.2.")), 201);
      browser.waiting().until(textIn("thread", "Please reinstall the VPN client."));
      browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
          By.cssSelector("#thread li.msg[data-type='note']")));
      assertThat(d.findElement(By.id("thread")).getText()).contains("Known issue with client 4.2.");
      assertThat(d.findElements(By.cssSelector("#thread li.msg[data-type='reply'][data-author='staff']"))).hasSize(1);

      // Carl types on his socket: Ann sees it at the top of the thread, never herself.
      carlLive.send(new JsonObject().put("type", "presence").put("ticket", "TKT-001").put("state", "typing"));
      browser.waiting().until(textIn("presence", "Carl Lindqvist is typing…"));
      assertThat(d.findElement(By.id("presence")).getText()).doesNotContain("Ann");
      assertThat(d.findElements(By.cssSelector("#presence .presence-avatar"))).hasSize(1);

      // Ann types in the composer: Carl sees her typing, then viewing again after a quiet moment.
      d.findElement(By.id("composer-body")).sendKeys("Looking at it");
      carlLive.next(presence(users -> hasUser(users, "Ann Kowalski", "typing")));
      carlLive.next(presence(users -> hasUser(users, "Ann Kowalski", "viewing")));

      // Ann edits the category (unsaved); a status change elsewhere shows without touching it.
      new Select(d.findElement(By.id("category"))).selectByValue("billing");
      patch(carlApi, new JsonObject().put("status", "in_progress"));
      browser.waiting().until(d2 -> "in_progress".equals(d2.findElement(By.id("status")).getAttribute("value")));
      assertThat(d.findElement(By.id("category")).getAttribute("value")).isEqualTo("billing");
      assertThat(d.findElement(By.id("live-conflict")).isDisplayed()).isFalse();

      // Ann edits the priority (unsaved); Carl changes the same field: a notice says who and what.
      new Select(d.findElement(By.id("priority"))).selectByValue("high");
      patch(carlApi, new JsonObject().put("priority", "urgent"));
      browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("live-conflict")));
      browser.waiting().until(textIn("live-conflict",
          "Carl Lindqvist changed priority to Urgent while you were editing."));
      assertThat(d.findElement(By.id("live-conflict")).getText()).contains("Your unsaved value: High");
      assertThat(d.findElement(By.id("priority")).getAttribute("value")).isEqualTo("high");
      assertThat(d.findElement(By.id("take-theirs-priority")).getText()).contains("Take theirs");
      d.executeScript("window.scrollTo(0, 0)");
      browser.screenshot("live-ticket");
      browser.resize(390, 844);
      d.executeScript("document.getElementById('live-conflict').scrollIntoView({block: 'center'})");
      assertThat(fitsWidth(d)).isTrue();
      browser.screenshot("live-ticket-phone");

      browser.resize(1280, 800);
      // the phone view left the page scrolled, with Save under the sticky top bar
      d.executeScript("window.scrollTo(0, 0)");

      // Saving before choosing does not overwrite Carl's change.
      d.findElement(By.id("save")).click();
      browser.waiting().until(textIn("save-status", "Choose theirs or yours"));
      assertThat(carlApi.get("/api/tickets/TKT-001").json().getString("priority")).isEqualTo("urgent");

      // Keep mine, then save: it goes through with the newest version (no 409), both edits kept.
      d.findElement(By.id("keep-mine-priority")).click();
      assertThat(d.findElement(By.id("live-conflict")).isDisplayed()).isFalse();
      d.findElement(By.id("save")).click();
      browser.waiting().until(textIn("save-status", "Saved."));
      JsonObject saved = carlApi.get("/api/tickets/TKT-001").json();
      assertThat(saved.getString("priority")).isEqualTo("high");
      assertThat(saved.getString("category")).isEqualTo("billing");
      assertThat(saved.getString("status")).isEqualTo("in_progress");
      assertThat(d.findElement(By.id("conflict-notice")).isDisplayed()).isFalse();

      // Take theirs: the field shows their value and nothing is left to save.
      new Select(d.findElement(By.id("priority"))).selectByValue("low");
      patch(carlApi, new JsonObject().put("priority", "medium"));
      // the notice is drawn again once it knows who made the change: wait for that before clicking
      browser.waiting().until(textIn("live-conflict", "Carl Lindqvist changed priority to Medium"));
      browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("take-theirs-priority"))).click();
      assertThat(d.findElement(By.id("priority")).getAttribute("value")).isEqualTo("medium");
      assertThat(d.findElement(By.id("save-status")).getText()).doesNotContain("unsaved");

      assertThat(d.executeScript("return window.__samePage")).isEqualTo("yes");

      // Leaving the page: Carl sees Ann go.
      d.findElement(By.id("composer-body")).clear();
      d.get(other.baseUrl() + "/agent/#/");
      carlLive.next(presence(users -> !hasUser(users, "Ann Kowalski", null)));
    }
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void aDeletedTicketGoesBackToTheListAndAMergedOneLinksToItsTarget() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject rita = Fixtures.contact(admin, "Rita Requester");
    Fixtures.ticket(admin, "Old printer request", rita);      // TKT-001
    Fixtures.ticket(admin, "Printer jams", rita);             // TKT-002
    Fixtures.ticket(admin, "Printer jams again", rita);       // TKT-003
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    browser.logIn(other.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);

    d.get(other.baseUrl() + "/agent/#/tickets/TKT-001");
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("live-status"), "data-state", "live"));
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("msg-description")));
    Fixtures.check(admin.delete("/api/tickets/TKT-001"), 204);
    browser.waiting().until(d2 -> !d2.getCurrentUrl().contains("/tickets/"));
    browser.waiting().until(textIn("toasts", "TKT-001 was deleted while you had it open."));

    d.get(other.baseUrl() + "/agent/#/tickets/TKT-002");
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("live-status"), "data-state", "live"));
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("msg-description")));
    Fixtures.check(admin.post("/api/tickets/TKT-002/merge", new JsonObject().put("into", "TKT-003")), 200);
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("live-merged")));
    assertThat(d.findElement(By.id("live-merged")).getText()).contains("TKT-002 was just merged into TKT-003");
    browser.waiting().until(textIn("thread", "Merged into TKT-003"));
    d.findElement(By.id("live-merged-link")).click();
    browser.waiting().until(ExpectedConditions.textToBe(By.id("ticket-ref"), "TKT-003"));
  }

  private static void patch(Api api, JsonObject changes) {
    long version = api.get("/api/tickets/TKT-001").json().getLong("version");
    Fixtures.check(api.patch("/api/tickets/TKT-001", changes.put("version", version)), 200);
  }

  private static Predicate<JsonObject> presence(Predicate<JsonArray> users) {
    return f -> "presence".equals(f.getString("type")) && "TKT-001".equals(f.getString("ticket"))
        && users.test(f.getJsonArray("users"));
  }

  private static boolean hasUser(JsonArray users, String name, String state) {
    return users.stream().map(JsonObject.class::cast)
        .anyMatch(u -> name.equals(u.getString("name")) && (state == null || state.equals(u.getString("state"))));
  }

  private static org.openqa.selenium.support.ui.ExpectedCondition<Boolean> textIn(String id, String text) {
    return (WebDriver d2) -> {
      List<org.openqa.selenium.WebElement> found = d2.findElements(By.id(id));
      return !found.isEmpty() && found.get(0).getText().contains(text);
    };
  }

  private static boolean fitsWidth(ChromeDriver d) {
    return (Boolean) d.executeScript("return document.documentElement.scrollWidth <= window.innerWidth");
  }
}
