package dev.helpdesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.BrowserTest;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.LiveClient;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A requester in the portal on the second instance: an agent's reply made through the first
 * one arrives like a chat message, "Carl is typing" shows while the agent's socket says so, the
 * status and the request list follow, and no note ever shows.
 */
class LivePortalBrowserTest extends BrowserTest {

  private static final Pattern LINK = Pattern.compile("https?://[^\\s/]+(/portal/#token=[A-Za-z0-9._-]+&ticket=TKT-\\d+)");

  private static final TestApp app = TestApp.get();
  private static final TestApp other = TestApp.second();

  @Test
  void repliesArriveLikeChatTypingShowsAndNotesNever() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject petra = Fixtures.contact(admin, "Petra Portal");
    Fixtures.ticket(admin, "Laptop will not charge", petra);
    JsonObject carl = Fixtures.user(admin, "Carl Lindqvist", "agent");
    Api carlApi = Fixtures.login(app, carl);
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);

    d.get("about:blank");
    d.get(other.baseUrl() + "/portal/");
    d.executeScript("localStorage.clear(); sessionStorage.clear();");
    d.get(other.baseUrl() + portalLinkFor(petra.getString("email")));
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("msg-description")));
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("portal-live-status"), "data-state", "live"));
    assertThat(d.findElement(By.id("portal-live-status")).isDisplayed()).isFalse(); // quiet while all is well
    d.executeScript("window.__samePage = 'yes'");

    // A note, then a reply, through instance 1: the reply arrives as a chat bubble, the note never.
    Fixtures.check(carlApi.post("/api/tickets/TKT-001/messages",
        new JsonObject().put("type", "note").put("body", "SECRET: battery recall list")), 201);
    Fixtures.check(carlApi.post("/api/tickets/TKT-001/messages",
        new JsonObject().put("type", "reply").put("body", "Could you try another charger?")), 201);
    WebElement reply = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#thread li.msg[data-type='reply'][data-mine='false']")));
    browser.waiting().until(textIn("thread", "Could you try another charger?"));
    assertThat(reply.getText()).contains("Carl Lindqvist");

    // Carl's socket says he is typing: the requester sees it, with his first name.
    try (LiveClient carlLive = LiveClient.connect(app, carlApi)) {
      carlLive.subscribe("ticket:TKT-001");
      carlLive.send(new JsonObject().put("type", "presence").put("ticket", "TKT-001").put("state", "viewing"));
      Thread.sleep(500);
      assertThat(d.findElement(By.id("typing-indicator")).getText()).isEmpty();
      carlLive.send(new JsonObject().put("type", "presence").put("ticket", "TKT-001").put("state", "typing"));
      browser.waiting().until(textIn("typing-indicator", "Carl is typing"));
      browser.screenshot("portal-typing");
      browser.resize(390, 844);
      assertThat(fitsWidth(d)).isTrue();
      assertThat(d.findElement(By.id("typing-indicator")).isDisplayed()).isTrue();
      browser.screenshot("portal-typing-phone");
      browser.resize(1280, 800);

      // Another note while he types, then his answer: typing ends, the answer shows, no note.
      Fixtures.check(carlApi.post("/api/tickets/TKT-001/messages",
          new JsonObject().put("type", "note").put("body", "SECRET: escalate to hardware team")), 201);
      carlLive.send(new JsonObject().put("type", "presence").put("ticket", "TKT-001").put("state", "viewing"));
      Fixtures.check(carlApi.post("/api/tickets/TKT-001/messages",
          new JsonObject().put("type", "reply").put("body", "We are sending you a new one.")), 201);
      browser.waiting().until(textIn("thread", "We are sending you a new one."));
      browser.waiting().until(d2 -> d2.findElement(By.id("typing-indicator")).getText().isEmpty());
    }
    assertThat(d.findElement(By.id("thread")).getText()).doesNotContain("SECRET");
    assertThat(d.findElements(By.cssSelector("#thread li.msg[data-type='note']"))).isEmpty();
    assertThat(d.findElements(By.cssSelector("#thread li.msg[data-type='reply'][data-mine='false']"))).hasSize(2);

    // The status in plain words, on the chat and in the list.
    long version = carlApi.get("/api/tickets/TKT-001").json().getLong("version");
    Fixtures.check(carlApi.patch("/api/tickets/TKT-001",
        new JsonObject().put("status", "pending").put("version", version)), 200);
    browser.waiting().until(ExpectedConditions.textToBe(By.id("chat-status"), "Waiting for you"));
    browser.waiting().until(ExpectedConditions.attributeToBe(
        By.cssSelector("#request-list li[data-ref='TKT-001']"), "data-status", "pending"));

    // A new request for her (made by an agent) slides into her list.
    Fixtures.ticket(carlApi, "Docking station flickers", petra);
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#request-list li[data-ref='TKT-002']")));
    assertThat(d.findElement(By.id("request-list")).getText()).contains("Docking station flickers");

    assertThat(d.findElement(By.id("thread")).getText()).doesNotContain("SECRET");
    assertThat(d.executeScript("return window.__samePage")).isEqualTo("yes");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  /** The portal link of the latest mail to that address (path and fragment only). */
  private static String portalLinkFor(String email) {
    String body = app.queryString("SELECT text_body FROM outbox WHERE to_address = '" + email.replace("'", "''")
        + "' ORDER BY id DESC LIMIT 1");
    Matcher m = LINK.matcher(body == null ? "" : body);
    assertThat(m.find()).as(body).isTrue();
    return m.group(1);
  }

  private static ExpectedCondition<Boolean> textIn(String id, String text) {
    return (WebDriver d2) -> {
      List<WebElement> found = d2.findElements(By.id(id));
      return !found.isEmpty() && found.get(0).getText().contains(text);
    };
  }

  private static boolean fitsWidth(ChromeDriver d) {
    return (Boolean) d.executeScript("return document.documentElement.scrollWidth <= window.innerWidth");
  }
}
