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
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The whole story: an agent replies, the requester gets a mail with a portal link, opens
 * it, reads the thread (never the note), answers with a screenshot, and the agent sees it.
 */
class ConversationStoryBrowserTest extends BrowserTest {

  private static final Pattern LINK = Pattern.compile("(http://\\S+/portal/#token=[A-Za-z0-9._-]+&ticket=TKT-\\d+)");

  private static final TestApp app = TestApp.get();
  private static GreenMail smtp;

  @BeforeAll
  static void startSmtp() {
    smtp = new GreenMail(new ServerSetup(app.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  @AfterAll
  static void stopSmtp() {
    if (smtp != null) {
      smtp.stop();
    }
  }

  @Test
  void agentReplyMailPortalRequesterReplyWithImageAgentSeesIt() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject petra = Fixtures.contact(admin, "Petra Portal");
    Fixtures.ticket(admin, "Screen goes black", petra);
    ChromeDriver d = browser.driver();

    browser.logIn(app.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    d.get(app.baseUrl() + "/agent/#/tickets/TKT-001");
    send(d, "composer-note", "Customer is on the VIP plan; be quick.");
    send(d, "composer-reply", "Please press Fn+F7 and tell us what you see.");
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#thread li.msg[data-type='note']")));
    browser.screenshot("agent-thread");

    String link = portalLinkMailedTo(petra.getString("email"));
    d.get(link);
    WebElement agentMessage = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#thread li.msg[data-mine='false']")));
    browser.waiting().until(d2 -> d2.findElement(By.id("thread")).getText().contains("Fn+F7"));
    assertThat(agentMessage.isDisplayed()).isTrue();
    assertThat(d.findElement(By.id("thread")).getText()).doesNotContain("VIP plan");
    assertThat(d.getCurrentUrl()).doesNotContain("token=");

    Path image = screenshotPng();
    d.findElement(By.id("portal-reply-body")).sendKeys("It shows a blinking cursor, see the photo.");
    d.findElement(By.id("portal-files")).sendKeys(image.toString());
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#portal-uploads li[data-state='done']")));
    d.findElement(By.id("portal-send")).click();
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#thread li.msg[data-mine='true']")));
    browser.screenshot("portal-thread");
    browser.resize(390, 844);
    browser.screenshot("portal-thread-phone");
    browser.resize(1280, 800);

    d.get(app.baseUrl() + "/agent/#/tickets/TKT-001");
    d.navigate().refresh();
    WebElement thumb = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
        "#thread li.msg[data-author='requester'][data-type='reply'] img.attachment-thumb")));
    browser.waiting().until(d2 -> ((Number) ((ChromeDriver) d2).executeScript(
        "return arguments[0].naturalWidth", thumb)).intValue() > 0);
    assertThat(d.findElement(By.id("thread")).getText()).contains("blinking cursor");
    browser.screenshot("agent-sees-reply");
  }

  private void send(ChromeDriver d, String mode, String text) {
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id(mode)));
    d.executeScript("arguments[0].click()", d.findElement(By.id(mode)));
    WebElement body = d.findElement(By.id("composer-body"));
    body.sendKeys(text);
    d.findElement(By.id("composer-send")).click();
    browser.waiting().until(d2 -> d2.findElement(By.id("thread")).getText().contains(text));
  }

  private static String portalLinkMailedTo(String address) {
    await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(smtp.getReceivedMessages())
        .filter(m -> to(m).equals(address)).count() >= 2);
    MimeMessage reply = Arrays.stream(smtp.getReceivedMessages()).filter(m -> to(m).equals(address))
        .reduce((a, b) -> b).orElseThrow();
    String body = GreenMailUtil.getBody(reply).replace("=\r\n", "").replace("=3D", "=");
    assertThat(body).contains("Fn+F7").doesNotContain("VIP plan");
    Matcher m = LINK.matcher(body);
    assertThat(m.find()).as(body).isTrue();
    return m.group(1);
  }

  private static String to(MimeMessage m) {
    try {
      return m.getAllRecipients()[0].toString();
    } catch (Exception e) {
      return "";
    }
  }

  private static Path screenshotPng() throws Exception {
    BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.DARK_GRAY);
    g.fillRect(0, 0, 64, 48);
    g.setColor(Color.GREEN);
    g.fillRect(8, 8, 4, 12);
    g.dispose();
    Path file = Files.createTempFile("screen", ".png");
    ImageIO.write(img, "png", file.toFile());
    return file;
  }
}
