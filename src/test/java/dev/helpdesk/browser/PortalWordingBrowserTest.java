package dev.helpdesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.BrowserTest;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What a requester trial found in the portal's words, in a real browser: an autolink
 * {@code <https://…>} is a link without its angle brackets, and the requester's own rating
 * reads "You rated this request …", not "The requester rated this ticket …".
 */
class PortalWordingBrowserTest extends BrowserTest {

  private static final Pattern PORTAL = Pattern.compile("https?://[^\\s/]+(/portal/#token=[A-Za-z0-9._-]+&ticket=TKT-\\d+)");
  private static final Pattern RATE = Pattern.compile("/portal/rate\\.html#token=([A-Za-z0-9_-]+)&rating=good");

  private static final TestApp app = TestApp.get();

  @Test
  void anAutolinkIsALinkWithoutItsAngleBrackets() {
    app.reset();
    Api admin = app.admin();
    JsonObject rosa = Fixtures.contact(admin, "Rosa Link");
    Fixtures.ticket(admin, "Where is the guide", rosa);
    String link = mailed(rosa.getString("email"), "[TKT-001]%", PORTAL);
    Fixtures.check(admin.post("/api/tickets/TKT-001/messages", new JsonObject().put("type", "reply")
        .put("body", "The guide: <https://example.com/guide?x=1> and that is all.")), 201);

    ChromeDriver d = browser.driver();
    open(d, link);
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".msg-reply .msg-body a")));
    @SuppressWarnings("unchecked")
    Map<String, Object> seen = (Map<String, Object>) d.executeScript(
        "const b = document.querySelector('.msg-reply .msg-body'); const a = b.querySelector('a');"
            + " return {text: b.textContent, href: a.href, label: a.textContent};");
    assertThat(seen.get("text")).isEqualTo("The guide: https://example.com/guide?x=1 and that is all.");
    assertThat(seen.get("href")).isEqualTo("https://example.com/guide?x=1");
    assertThat(seen.get("label")).isEqualTo("https://example.com/guide?x=1");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void theRequesterReadsTheirOwnRatingAsYouRatedThisRequest() {
    app.reset();
    Api admin = app.admin();
    JsonObject rosa = Fixtures.contact(admin, "Rosa Rate");
    Fixtures.ticket(admin, "Printer jams", rosa);
    String link = mailed(rosa.getString("email"), "[TKT-001]%", PORTAL);
    int version = admin.get("/api/tickets/TKT-001").json().getInteger("version");
    Fixtures.check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", version)
        .put("status", "resolved")), 200);
    String token = mailed(rosa.getString("email"), "How did we do?%", RATE);
    Fixtures.check(app.anonymous().post("/api/satisfaction", new JsonObject().put("token", token)
        .put("rating", "good")), 201);

    ChromeDriver d = browser.driver();
    open(d, link);
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread"), "rated"));
    String said = (String) d.executeScript("return [...document.querySelectorAll('.msg-system-text')]"
        + ".map(e => e.textContent).find(t => t.includes('rated'));");
    assertThat(said).startsWith("You rated this request Good.").doesNotContain("The requester");
    // staff read the stored words as they are
    assertThat(admin.get("/api/tickets/TKT-001/messages").body()).contains("The requester rated this ticket Good.");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  private static void open(ChromeDriver d, String link) {
    browser.resize(1280, 800);
    d.get("about:blank");
    d.get(app.baseUrl() + "/portal/");
    d.executeScript("localStorage.clear(); sessionStorage.clear();");
    d.get(app.baseUrl() + link);
  }

  /** The first group of {@code pattern} in the latest mail to that address whose subject is like {@code subject}. */
  private static String mailed(String email, String subject, Pattern pattern) {
    String body = app.queryString("SELECT text_body FROM outbox WHERE to_address = '" + email.replace("'", "''")
        + "' AND subject LIKE '" + subject.replace("'", "''") + "' ORDER BY id LIMIT 1");
    Matcher m = pattern.matcher(body == null ? "" : body);
    assertThat(m.find()).as(body).isTrue();
    return m.group(1);
  }
}
