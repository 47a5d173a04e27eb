package dev.helpdesk.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.BrowserTest;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Stored XSS: markup in every text field a person can fill in is shown as text on every page
 * (agent list, ticket page, portal, wallboard) and never runs: {@code window.__xss} stays undefined.
 */
class XssBrowserTest extends BrowserTest {

  private static final TestApp app = TestApp.get();
  private static final Pattern LINK = Pattern.compile("https?://[^\\s/]+(/portal/#token=[A-Za-z0-9._-]+&ticket=TKT-\\d+)");
  static final String IMG = "<img src=x onerror=window.__xss=1>";
  static final String SCRIPT = "<script>window.__xss=1</script>";
  static final String SVG = "<svg onload=window.__xss=1>";
  static final String JS_LINK = "[click me](javascript:window.__xss=1) <a href=\"javascript:window.__xss=1\">a</a>";

  @Test
  void markupInEveryFieldIsTextOnEveryPage() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject agentUser = Fixtures.user(admin, "Eve " + IMG, "agent");
    Api.Response c = admin.post("/api/contacts", new JsonObject().put("email", Fixtures.uniqueEmail("xss"))
        .put("name", "Mallory " + SCRIPT).put("company", "Acme " + SVG).put("phone", "\"><script>"));
    Fixtures.check(c, 201);
    JsonObject contact = c.json();
    Api.Response up = admin.upload(IMG + ".png", "image/png", "not really a png".getBytes(StandardCharsets.UTF_8));
    Fixtures.check(up, 201);
    JsonObject body = Fixtures.ticketBody("Subject " + IMG + " " + SCRIPT, "contact", contact.getLong("id"))
        .put("description", "Description " + SCRIPT + " " + SVG + " " + JS_LINK)
        .put("priority", "urgent")
        .put("assignee", agentUser.getLong("id"))
        .put("tags", new JsonArray().add("javascript:void").add("x/y#@"));
    Api.Response t = admin.post("/api/tickets", body);
    Fixtures.check(t, 201);
    String ref = t.json().getString("ref");
    Fixtures.check(admin.post("/api/tickets/" + ref + "/messages", new JsonObject().put("type", "note")
        .put("body", "Note " + IMG + " " + JS_LINK)), 201);
    Fixtures.check(admin.post("/api/tickets/" + ref + "/messages", new JsonObject().put("type", "reply")
        .put("body", "Reply " + SCRIPT + " " + JS_LINK)
        .put("attachmentIds", new JsonArray().add(up.json().getLong("id")))), 201);

    ChromeDriver d = browser.driver();
    browser.resize(1280, 900);
    browser.logIn(app.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);

    // agent list
    d.get(app.baseUrl() + "/agent/#/");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Subject " + IMG));
    safe(d, "agent list", List.of("Subject " + IMG));

    // ticket page: subject, description, thread, note, filename, requester, company, assignee
    d.get(app.baseUrl() + "/agent/#/tickets/" + ref);
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Reply " + SCRIPT));
    safe(d, "ticket page", List.of("Subject " + IMG, "Description " + SCRIPT, "Note " + IMG, "Reply " + SCRIPT,
        up.json().getString("filename"), "Mallory " + SCRIPT));
    assertThat(up.json().getString("filename")).startsWith("<img src");

    // wallboard: ticker subjects and agent names
    String wall = admin.post("/api/wallboard/links", null).json().getString("url");
    d.get(wall);
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Subject " + IMG));
    safe(d, "wallboard", List.of("Subject " + IMG));

    // portal: the requester's own view of the same ticket
    String mail = app.queryString("SELECT text_body FROM outbox WHERE to_address = '"
        + contact.getString("email").replace("'", "''") + "' ORDER BY id DESC LIMIT 1");
    Matcher m = LINK.matcher(mail == null ? "" : mail);
    assertThat(m.find()).as(mail).isTrue();
    d.get("about:blank");
    d.get(app.baseUrl() + "/portal/");
    d.executeScript("localStorage.clear(); sessionStorage.clear();");
    d.get(app.baseUrl() + m.group(1));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Reply " + SCRIPT));
    safe(d, "portal", List.of("Subject " + IMG, "Description " + SCRIPT, "Reply " + SCRIPT));
    assertThat(d.findElement(By.tagName("body")).getText()).as("portal").doesNotContain("Note " + IMG);
  }

  /** Nothing ran, the markup is visible as text, and no javascript: link or injected element exists. */
  static void safe(ChromeDriver d, String page, List<String> texts) throws InterruptedException {
    Thread.sleep(300); // let any onerror/onload fire
    assertThat(d.executeScript("return typeof window.__xss")).as(page + ": window.__xss").isEqualTo("undefined");
    String text = d.findElement(By.tagName("body")).getText();
    for (String s : texts) {
      assertThat(text).as(page).contains(s);
    }
    assertThat(((Number) d.executeScript("return document.querySelectorAll("
        + "'a[href^=\"javascript:\" i], img[src=\"x\"], svg[onload], [onerror], [onload]').length")).intValue())
        .as(page + ": injected elements").isZero();
    assertThat(((Number) d.executeScript("return Array.from(document.scripts).filter(s => !s.src).length"))
        .intValue()).as(page + ": inline scripts").isZero();
  }
}
