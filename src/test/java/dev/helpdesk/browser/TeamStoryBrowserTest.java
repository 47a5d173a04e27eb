package dev.helpdesk.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.helpdesk.support.Api;
import dev.helpdesk.support.Browser;
import dev.helpdesk.support.BrowserTest;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The first admin's story: sign in, change the default password, add an agent, the agent
 * accepts the invitation from the mail and signs in, the admin deactivates them and their
 * open page is signed out. Then the Contacts, Wallboard links and Trash pages; screenshots of
 * each new page at desktop and phone width.
 */
class TeamStoryBrowserTest extends BrowserTest {

  private static final Pattern LINK = Pattern.compile("(http://[^\\s\"]+/set-password\\.html#token=[A-Za-z0-9_-]+)");
  private static final String NEW_ADMIN_PASSWORD = "a-much-better-admin-password";

  private final TestApp app = TestApp.get();
  private GreenMail smtp;

  @BeforeEach
  void setUp() {
    app.reset();
    smtp = new GreenMail(new ServerSetup(app.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  @AfterEach
  void tearDown() {
    smtp.stop();
    // other tests sign in with the configured password
    Api.Response back = new Api(app.baseUrl(), null).post("/api/auth/login", new JsonObject()
        .put("email", TestApp.ADMIN_EMAIL).put("password", NEW_ADMIN_PASSWORD));
    if (back.status() == 200) {
      new Api(app.baseUrl(), back.json().getString("token")).patch("/api/me", new JsonObject()
          .put("currentPassword", NEW_ADMIN_PASSWORD).put("newPassword", TestApp.ADMIN_PASSWORD));
    }
  }

  private void shoot(ChromeDriver d, String name, String readyId) throws Exception {
    browser.resize(1280, 800);
    browser.screenshot(name);
    browser.resize(390, 844);
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id(readyId)));
    browser.screenshot(name + "-phone");
    browser.resize(1280, 800);
  }

  private void click(ChromeDriver d, String id) {
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
  }

  @Test
  void theFirstAdminRunsTheTeamFromTheBrowser() throws Exception {
    ChromeDriver d = browser.driver();
    browser.logIn(app.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);

    // change the default password on the Profile page
    d.get(app.baseUrl() + "/agent/#/profile");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("profile-password-form")));
    d.findElement(By.id("profile-current")).sendKeys(TestApp.ADMIN_PASSWORD);
    d.findElement(By.id("profile-new")).sendKeys("password1");
    d.findElement(By.id("profile-again")).sendKeys("password1");
    click(d, "profile-password-save");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("profile-new-error"), "10"));
    browser.forgetConsole(); // the 400 just shown next to the field is the page working
    d.findElement(By.id("profile-new")).clear();
    d.findElement(By.id("profile-again")).clear();
    d.findElement(By.id("profile-new")).sendKeys(NEW_ADMIN_PASSWORD);
    d.findElement(By.id("profile-again")).sendKeys(NEW_ADMIN_PASSWORD);
    click(d, "profile-password-save");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("toasts"), "Password changed"));
    shoot(d, "profile", "profile-sign-out-everywhere");
    Api admin = Api.login(app.baseUrl(), TestApp.ADMIN_EMAIL, NEW_ADMIN_PASSWORD);

    // add an agent by invitation on the Team page
    d.get(app.baseUrl() + "/agent/#/settings/team");
    click(d, "team-add");
    String email = Fixtures.uniqueEmail("nina");
    d.findElement(By.id("add-email")).sendKeys(email);
    d.findElement(By.id("add-name")).sendKeys("Nina Newcomer");
    click(d, "add-submit");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("team-table"), "Nina Newcomer"));
    assertThat(d.findElement(By.id("team-table")).getText()).contains("Invited");

    await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length >= 1);
    String body = GreenMailUtil.getBody(smtp.getReceivedMessages()[0]).replace("=\r\n", "").replace("=3D", "=");
    Matcher m = LINK.matcher(body);
    assertThat(m.find()).as(body).isTrue();

    long ninaId = admin.get("/api/users?q=nina").array().getJsonObject(0).getLong("id");
    JsonObject contact = Fixtures.contact(admin, "Olga Customer");
    Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody("Cannot print invoices", "contact",
        contact.getLong("id")).put("assignee", ninaId)), 201);

    // the agent accepts the invitation in her own browser and signs in
    try (Browser nina = Browser.start()) {
      ChromeDriver n = nina.driver();
      n.get(m.group(1));
      nina.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("new-password")));
      browser.resize(1280, 800);
      n.findElement(By.id("new-password")).sendKeys("nina-chose-this-one");
      n.findElement(By.id("new-password-again")).sendKeys("nina-chose-this-one");
      nina.screenshot("set-password");
      nina.resize(390, 844);
      nina.screenshot("set-password-phone");
      nina.resize(1280, 800);
      n.findElement(By.id("set-submit")).click();
      nina.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("set-done")));
      assertThat(n.getCurrentUrl()).doesNotContain("token");
      nina.logIn(app.baseUrl(), email, "nina-chose-this-one");
      nina.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".ticket-row, .list-empty, #ticket-list, main h1")));
      assertThat(n.findElement(By.id("nav-team")).isDisplayed()).isFalse();

      // the admin deactivates her; her open page is signed out
      d.navigate().refresh();
      browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("team-table"), "Nina Newcomer"));
      browser.waiting().until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(
          By.id("team-table"), "Invited")));
      shoot(d, "team", "team-table");
      click(d, "team-deactivate-" + ninaId);
      click(d, "deactivate-dialog-ok");
      nina.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
      assertThat(n.getCurrentUrl()).doesNotContain("/agent/");
    }
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("reassign-form")));
    assertThat(d.findElement(By.id("reassign-form")).getText()).contains("1 open ticket");
    browser.screenshot("team-reassign");
    click(d, "reassign-submit");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("toasts"), "reassigned"));
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void contactsWallboardLinksAndTrashPages() throws Exception {
    Api admin = app.admin();
    JsonObject pia = Fixtures.contact(admin, "Pia Printer");
    Fixtures.contact(admin, "Quinn Quota");
    JsonObject ticket = Fixtures.ticket(admin, "Toner everywhere", pia);
    Fixtures.check(admin.post("/api/wallboard/links", new JsonObject().put("name", "Hall TV")), 201);
    ChromeDriver d = browser.driver();
    browser.logIn(app.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);

    d.get(app.baseUrl() + "/agent/#/contacts");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("contact-list"), "Pia Printer"));
    d.findElement(By.cssSelector("[data-contact-id='" + pia.getLong("id") + "']")).click();
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("contact-tickets"), "1 open of 1"));
    shoot(d, "contacts", "contact-list");

    d.get(app.baseUrl() + "/agent/#/settings/wallboard-links");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("link-table"), "Hall TV"));
    d.findElement(By.id("link-name")).sendKeys("Office screen");
    click(d, "link-create");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("link-url")));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("link-table"), "Office screen"));
    shoot(d, "settings-wallboard-links", "link-table");

    // delete from the ticket page: the confirmation says where it goes
    d.get(app.baseUrl() + "/agent/#/tickets/" + ticket.getString("ref"));
    click(d, "delete-ticket");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("delete-dialog-message")));
    assertThat(d.findElement(By.id("delete-dialog-message")).getText()).contains("Trash").contains("30 days");
    click(d, "delete-dialog-ok");
    browser.waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/tickets/")));
    d.get(app.baseUrl() + "/agent/#/trash");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("trash-table"), "Toner everywhere"));
    shoot(d, "trash", "trash-table");
    click(d, "trash-restore-" + ticket.getString("ref"));
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("trash-empty")));
    Fixtures.check(admin.get("/api/tickets/" + ticket.getString("ref")), 200);

    d.get(app.baseUrl() + "/agent/#/settings/audit");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-table"), "Hall TV"));
    shoot(d, "settings-audit", "audit-table");

    // forgot password on the sign-in page
    d.executeScript("localStorage.clear()");
    d.get(app.baseUrl() + "/");
    click(d, "forgot-open");
    d.findElement(By.id("forgot-email")).sendKeys("someone@test.example");
    click(d, "forgot-submit");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("forgot-done"), "on its way"));
    shoot(d, "forgot-password", "forgot-done");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void aLeaversTicketsCanStillBeReassignedAfterTheDeactivationPanelIsGone() throws Exception {
    Api admin = app.admin();
    JsonObject leaver = Fixtures.user(admin, "Lena Leaver", "agent");
    JsonObject heir = Fixtures.user(admin, "Hugo Heir", "agent");
    JsonObject contact = Fixtures.contact(admin, "Petra Printer");
    for (String subject : new String[] {"Toner is out", "Paper jam on 2"}) {
      Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody(subject, "contact", contact.getLong("id"))
          .put("assignee", leaver.getLong("id"))), 201);
    }
    // deactivated by another admin (or "Later" pressed, or the page reloaded): no panel is open
    Fixtures.check(admin.patch("/api/users/" + leaver.getLong("id"), new JsonObject().put("active", false)), 200);

    ChromeDriver d = browser.driver();
    browser.logIn(app.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    d.get(app.baseUrl() + "/agent/#/settings/team");
    String button = "team-reassign-" + leaver.getLong("id");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id(button), "Reassign 2 open tickets"));
    click(d, button);
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("reassign-form"),
        "Lena Leaver still has 2 open tickets"));
    new org.openqa.selenium.support.ui.Select(d.findElement(By.id("reassign-to")))
        .selectByValue(String.valueOf(heir.getLong("id")));
    click(d, "reassign-submit");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("toasts"), "2 tickets reassigned"));
    browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id(button)));
    assertThat(admin.get("/api/tickets?q=" + java.net.URLEncoder.encode("agent:" + heir.getLong("id"),
        java.nio.charset.StandardCharsets.UTF_8)).json().getInteger("total")).isEqualTo(2);
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void onAPhoneEveryRoleReadsInFull() throws Exception {
    ChromeDriver d = browser.driver();
    browser.logIn(app.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    Fixtures.user(app.admin(), "Maximiliane Longname-Wolkenstein", "agent");
    d.get(app.baseUrl() + "/agent/#/settings/team");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("team-table"), "Maximiliane"));
    browser.resize(390, 844);
    // the text of each role select against the room it has (padding and the arrow included), in one read
    @SuppressWarnings("unchecked")
    java.util.List<String> cut = (java.util.List<String>) d.executeScript(
        "const ctx = document.createElement('canvas').getContext('2d');"
            + "return [...document.querySelectorAll('#team-table select')].filter((s) => {"
            + "  const cs = getComputedStyle(s); ctx.font = cs.font;"
            + "  const text = ctx.measureText(s.options[s.selectedIndex].text).width;"
            + "  const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16;"
            + "  return text > room; }).map((s) => s.id + ': ' + s.options[s.selectedIndex].text + ' in ' + s.clientWidth + 'px');");
    browser.resize(1280, 800);
    assertThat(cut).isEmpty();
  }
}
