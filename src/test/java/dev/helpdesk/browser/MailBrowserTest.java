package dev.helpdesk.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.helpdesk.support.Api;
import dev.helpdesk.support.BrowserTest;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Mail on the pages: a new customer opens a request from the portal's start page and answers
 * from the link in the confirmation mail; an agent sees a mail arrive live in the open thread
 * ("via email"), and edits the ticket's CCs.
 */
class MailBrowserTest extends BrowserTest {

  private static final Pattern LINK = Pattern.compile("https?://[^\\s/]+(/portal/#token=[A-Za-z0-9._-]+&ticket=TKT-\\d+)");

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
  }

  private MimeMessage mailTo(String address) {
    await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(smtp.getReceivedMessages())
        .anyMatch(m -> GreenMailUtil.getAddressList(safeRecipients(m)).contains(address)));
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(m -> GreenMailUtil.getAddressList(safeRecipients(m)).contains(address)).findFirst().orElseThrow();
  }

  private static jakarta.mail.Address[] safeRecipients(MimeMessage m) {
    try {
      return m.getAllRecipients();
    } catch (Exception e) {
      return new jakarta.mail.Address[0];
    }
  }

  @Test
  void aNewCustomerWritesThroughTheStartPageAndAnswersFromTheLinkInTheConfirmation() throws Exception {
    ChromeDriver d = browser.driver();
    browser.resize(1280, 900);
    d.get(app.baseUrl() + "/portal/");
    d.executeScript("localStorage.clear(); sessionStorage.clear();");
    d.get(app.baseUrl() + "/portal/");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("request-form")));
    assertThat(d.findElement(By.id("link-form")).isDisplayed()).isTrue(); // "email me a link" stays next to it

    d.findElement(By.id("request-email")).sendKeys("nina.new@customer.test");
    d.findElement(By.id("request-name")).sendKeys("Nina New");
    d.findElement(By.id("request-subject")).sendKeys("Cannot find my invoice");
    d.findElement(By.id("request-description")).sendKeys("Where do I download the invoice for November?");
    browser.screenshot("portal-first-contact-form");
    d.findElement(By.id("request-submit")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("request-sent")));
    assertThat(d.findElement(By.id("request-sent")).getText()).contains("nina.new@customer.test");
    browser.screenshot("portal-first-contact-sent");

    MimeMessage confirmation = mailTo("nina.new@customer.test");
    assertThat(confirmation.getSubject()).isEqualTo("[TKT-001] Cannot find my invoice");
    Matcher link = LINK.matcher(GreenMailUtil.getBody(confirmation).replace("=\r\n", "").replace("=3D", "="));
    assertThat(link.find()).isTrue();
    d.get(app.baseUrl() + link.group(1));
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("portal-reply-body")));
    d.findElement(By.id("portal-reply-body")).sendKeys("It is the invoice number 2026-11-0042.");
    d.findElement(By.id("portal-send")).click();
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread"), "2026-11-0042"));
    browser.screenshot("portal-first-contact-answered");

    Api admin = app.admin();
    assertThat(admin.get("/api/tickets/TKT-001").json().getString("channel")).isEqualTo("web");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void aMailArrivesLiveInTheOpenThreadAndTheAgentEditsTheCcs() throws Exception {
    Api admin = app.admin();
    Api inbound = new Api(app.baseUrl(), TestApp.INBOUND_TOKEN);
    Fixtures.check(inbound.send("POST", "/api/inbound/email", "From: Mia Mail <mia@customer.test>\r\n"
        + "To: support@test.example\r\nCc: Bob <bob@customer.test>\r\nSubject: Printer jams\r\n"
        + "Message-ID: <first-1@customer.test>\r\n\r\nThe printer on floor 3 jams.\r\n", "message/rfc822"), 202);
    browser.logIn(app.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    ChromeDriver d = browser.driver();
    browser.resize(1400, 900);
    d.get(app.baseUrl() + "/agent/#/tickets/TKT-001");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("cc-list"), "bob@customer.test"));

    Fixtures.check(inbound.send("POST", "/api/inbound/email", "From: Mia Mail <mia@customer.test>\r\n"
        + "To: support@test.example\r\nSubject: Re: [TKT-001] Printer jams\r\nIn-Reply-To: <first-1@customer.test>\r\n"
        + "Message-ID: <second-1@customer.test>\r\n\r\nIt also smells of smoke now.\r\n\r\n"
        + "On Tue, 24 Nov 2026 at 10:02, Support <support@test.example> wrote:\r\n> We are on it.\r\n", "message/rfc822"), 202);
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread"), "smells of smoke"));
    assertThat(d.findElement(By.id("thread")).getText()).doesNotContain("We are on it.");
    assertThat(d.findElements(By.cssSelector("#thread .msg-via"))).hasSize(1);
    d.executeScript("document.getElementById('thread').scrollIntoView()");
    browser.screenshot("ticket-mail-via-email");

    d.findElement(By.id("cc-add")).sendKeys("carol@customer.test");
    d.findElement(By.id("cc-add-button")).click();
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("cc-list"), "carol@customer.test"));
    browser.screenshot("ticket-mail-ccs");
    d.findElement(By.cssSelector("#cc-list li[data-email='bob@customer.test'] .chip-remove")).click();
    browser.waiting().until(ExpectedConditions.not(
        ExpectedConditions.textToBePresentInElementLocated(By.id("cc-list"), "bob@customer.test")));
    assertThat(admin.get("/api/tickets/TKT-001").json().getJsonArray("ccs").getJsonObject(0).getString("email"))
        .isEqualTo("carol@customer.test");

    // a mail without a sender is set aside; the admin sees it under Settings → Email and retries it
    Fixtures.check(inbound.send("POST", "/api/inbound/email", "To: support@test.example\r\nSubject: Who sent this?\r\n"
        + "Message-ID: <nobody-1@x.test>\r\n\r\nNo sender.\r\n", "message/rfc822"), 202);
    d.get(app.baseUrl() + "/agent/#/settings/email");
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("rejected-rows"), "Who sent this?"));
    assertThat(d.findElement(By.id("mailbox-state")).getText()).contains("Not polled");
    browser.screenshot("settings-email");
    d.findElement(By.cssSelector("#rejected-rows button")).click();
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("rejected-rows"), "Who sent this?"));
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }
}
