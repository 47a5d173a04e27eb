package dev.helpdesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.BrowserTest;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Saved views in the sidebar: the list's search and sort saved through a dialog (shared or
 * private; the server's error beside the name), renamed and shared later, moved with the keyboard
 * (the order holds after a reload and reaches the agent's other tab), deleted after a question in
 * the page; and all of it on a phone.
 */
class SavedViewsBrowserTest extends BrowserTest {

  /** The sidebar's view names in order, read in one script (the list is redrawn live). */
  private static final String NAMES = "return [...document.querySelectorAll('#view-list a[data-view] .view-name')]"
      + ".map(n => n.firstChild.textContent)";

  private static final TestApp app = TestApp.get();
  private Api admin;
  private JsonObject alice;
  private JsonObject bob;
  private Api aliceApi;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    alice = Fixtures.user(admin, "Alice Agent", "agent");
    bob = Fixtures.user(admin, "Bob Agent", "agent");
    aliceApi = Fixtures.login(app, alice);
    JsonObject contact = Fixtures.contact(admin, "Lea Müller");
    Fixtures.ticket(admin, "Printer jams on floor 3", contact);
    Fixtures.ticket(admin, "Printer out of toner", contact);
    Fixtures.ticket(admin, "VPN drops every hour", contact);
  }

  @Test
  void aViewSavedFromAPresetKeepsThePresetsTokensAndTheWordsOnTop() throws Exception {
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    String printer = "TKT-002"; // "Printer out of toner"; TKT-001 is a printer ticket of nobody's
    Fixtures.check(aliceApi.patch("/api/tickets/" + printer, new JsonObject().put("version", 1)
        .put("assignee", alice.getLong("id"))), 200);
    browser.logIn(app.baseUrl(), alice.getString("email"), alice.getString("password"));
    d.get(app.baseUrl() + "/agent/#/?preset=my_open&q=printer");
    browser.waiting().until(d2 -> d2.findElements(By.cssSelector("#ticket-rows tr[data-ref]")).size() == 1);

    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("save-view"))).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-name")))
        .sendKeys(Keys.chord(Keys.CONTROL, "a"), "My printers", Keys.ENTER);
    browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("view-dialog")));
    JsonObject saved = view(aliceApi, "My printers");
    assertThat(saved.getString("query")).as("the preset's tokens and the words").contains("agent:me").contains("printer");
    // the view lists what the page listed, not every printer ticket
    JsonArray listed = aliceApi.get("/api/tickets?view=" + saved.getLong("id")).json().getJsonArray("items");
    assertThat(listed.stream().map(t -> ((JsonObject) t).getString("ref")).toList()).containsExactly(printer);
  }

  @Test
  void aViewIsSavedSharedOrPrivateThroughTheDialogThenRenamedAndDeleted() throws Exception {
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    browser.logIn(app.baseUrl(), alice.getString("email"), alice.getString("password"));
    d.get(app.baseUrl() + "/agent/#/?q=printer&sort=priority");
    browser.waiting().until(d2 -> d2.findElements(By.cssSelector("#ticket-rows tr[data-ref]")).size() == 2);

    // the dialog opens on the name, with the search and sort it keeps
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("save-view"))).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-dialog")));
    assertThat(activeId(d)).isEqualTo("view-name");
    assertThat(d.findElement(By.id("view-dialog-what")).getText()).contains("printer").contains("priority");
    assertThat(d.findElement(By.cssSelector("label[for='view-name']")).getText()).isEqualTo("Name");
    assertThat(d.findElement(By.cssSelector("label[for='view-shared']")).getText()).contains("Shared with the team");

    // an empty name: the server's words beside the field, the dialog stays open
    d.findElement(By.id("view-name")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "   ", Keys.ENTER);
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("view-name-error"),
        "must not be empty"));
    assertThat(d.findElement(By.id("view-name")).getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(d.findElement(By.id("view-dialog")).isDisplayed()).isTrue();
    // (the 400 just shown beside the field is the page working; reading the log empties it)
    assertThat(browser.severeConsoleErrors()).allMatch(e -> e.contains("/api/views") && e.contains("400"));

    d.findElement(By.id("view-name")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "Printers");
    d.findElement(By.id("view-shared")).click();
    browser.screenshot("view-dialog");
    d.findElement(By.id("view-name")).sendKeys(Keys.ENTER);
    browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("view-dialog")));
    assertThat(activeId(d)).isEqualTo("save-view");
    JsonObject printers = view(aliceApi, "Printers");
    assertThat(printers.getString("query")).isEqualTo("printer");
    assertThat(printers.getString("sort")).isEqualTo("priority");
    assertThat(printers.getBoolean("shared")).isTrue();
    browser.waiting().until(ExpectedConditions.urlContains("view=" + printers.getLong("id")));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
        By.id("view-" + printers.getLong("id")), "Printers (shared)"));

    // a private one, saved with the button; Cancel and Escape save nothing
    d.get(app.baseUrl() + "/agent/#/?q=vpn");
    browser.waiting().until(d2 -> d2.findElements(By.cssSelector("#ticket-rows tr[data-ref]")).size() == 1);
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("save-view"))).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-name"))).sendKeys(Keys.ESCAPE);
    browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("view-dialog")));
    assertThat(activeId(d)).isEqualTo("save-view");
    d.findElement(By.id("save-view")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-name")))
        .sendKeys(Keys.chord(Keys.CONTROL, "a"), "VPN");
    assertThat(d.findElement(By.id("view-shared")).isSelected()).isFalse();
    d.findElement(By.id("view-save")).click();
    browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("view-dialog")));
    JsonObject vpn = view(aliceApi, "VPN");
    assertThat(vpn.getBoolean("shared")).isFalse();
    assertThat(vpn.getString("query")).isEqualTo("vpn");
    assertThat(names(Fixtures.login(app, bob))).as("what Bob sees").containsExactly("Printers");
    long vpnId = vpn.getLong("id");
    browser.waiting().until(d2 -> List.of("Printers", "VPN").equals(d.executeScript(NAMES)));

    // rename and share it from its actions
    d.findElement(By.id("view-more-" + vpnId)).click();
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("view-edit-" + vpnId))).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-dialog")));
    assertThat(d.findElement(By.id("view-name")).getAttribute("value")).isEqualTo("VPN");
    d.findElement(By.id("view-shared")).click();
    d.findElement(By.id("view-name")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "VPN drops", Keys.ENTER);
    browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("view-dialog")));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("view-" + vpnId),
        "VPN drops (shared)"));
    assertThat(view(aliceApi, "VPN drops").getBoolean("shared")).isTrue();
    assertThat(activeId(d)).isEqualTo("view-edit-" + vpnId);

    // delete: asked in the page, then gone for everyone
    d.findElement(By.id("view-delete-" + vpnId)).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("delete-view-dialog")));
    assertThat(d.findElement(By.id("delete-view-dialog")).getText()).contains("VPN drops").contains("shared");
    d.findElement(By.id("delete-view-dialog-ok")).click();
    browser.waiting().until(d2 -> List.of("Printers").equals(d.executeScript(NAMES)));
    assertThat(names(aliceApi)).containsExactly("Printers");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void viewsMoveWithTheKeyboardAndTheOrderHoldsAfterAReloadAndInAnotherTab() throws Exception {
    long a = create(aliceApi, "Alpha", "printer", false);
    create(Fixtures.login(app, bob), "Bob's queue", "vpn", true); // shared, not Alice's to move
    long c = create(aliceApi, "Gamma", "toner", false);
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    browser.logIn(app.baseUrl(), alice.getString("email"), alice.getString("password"));
    d.get(app.baseUrl() + "/agent/#/");
    String first = d.getWindowHandle();
    browser.waiting().until(d2 -> List.of("Alpha", "Bob's queue", "Gamma").equals(d.executeScript(NAMES)));
    assertThat(d.findElements(By.cssSelector("#view-list .view-more"))).as("Bob's view has no actions for Alice")
        .hasSize(2);

    // a second tab of the same agent follows
    d.switchTo().newWindow(WindowType.TAB);
    d.get(app.baseUrl() + "/agent/#/");
    String second = d.getWindowHandle();
    browser.waiting().until(d2 -> List.of("Alpha", "Bob's queue", "Gamma").equals(d.executeScript(NAMES)));
    d.switchTo().window(first);

    // Alt+ArrowUp on the focused view moves it past Bob's; focus stays on it
    d.executeScript("document.getElementById('view-' + arguments[0]).focus()", c);
    new Actions(d).keyDown(Keys.ALT).sendKeys(Keys.ARROW_UP).keyUp(Keys.ALT).perform();
    browser.waiting().until(d2 -> List.of("Alpha", "Gamma", "Bob's queue").equals(d.executeScript(NAMES)));
    assertThat(activeId(d)).isEqualTo("view-" + c);
    browser.waiting().until(d2 -> names(aliceApi).equals(List.of("Alpha", "Gamma", "Bob's queue")));

    // Move up from the view's actions puts it first
    d.findElement(By.id("view-more-" + c)).click();
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("view-up-" + c))).click();
    browser.waiting().until(d2 -> List.of("Gamma", "Alpha", "Bob's queue").equals(d.executeScript(NAMES)));
    assertThat(d.findElement(By.id("view-up-" + c)).isEnabled()).as("first: nothing above").isFalse();
    browser.waiting().until(d2 -> names(aliceApi).equals(List.of("Gamma", "Alpha", "Bob's queue")));
    assertThat(names(Fixtures.login(app, bob))).as("Bob's own order is untouched").containsExactly("Bob's queue");

    d.switchTo().window(second);
    browser.waiting().until(d2 -> List.of("Gamma", "Alpha", "Bob's queue").equals(d.executeScript(NAMES)));
    d.close();
    d.switchTo().window(first);

    d.navigate().refresh();
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("view-" + a)));
    browser.waiting().until(d2 -> List.of("Gamma", "Alpha", "Bob's queue").equals(d.executeScript(NAMES)));
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void onAPhoneTheViewsActionsAndDialogFitTheScreen() throws Exception {
    create(aliceApi, "Alpha", "printer", false);
    long b = create(aliceApi, "Beta", "vpn", false);
    ChromeDriver d = browser.driver();
    browser.resize(390, 844);
    browser.logIn(app.baseUrl(), alice.getString("email"), alice.getString("password"));
    d.get(app.baseUrl() + "/agent/#/?q=printer");
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("menu-toggle"))).click();
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("view-more-" + b))).click();
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("view-up-" + b))).click();
    browser.waiting().until(d2 -> List.of("Beta", "Alpha").equals(d.executeScript(NAMES)));
    browser.waiting().until(d2 -> names(aliceApi).equals(List.of("Beta", "Alpha")));
    assertThat(fitsWidth(d, "#view-actions-" + b)).isTrue();

    d.findElement(By.id("save-view")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-dialog")));
    assertThat(fitsWidth(d, "#view-dialog")).isTrue();
    assertThat(fitsWidth(d, "#view-save")).isTrue();
    d.findElement(By.id("view-name")).sendKeys(Keys.ESCAPE);
    browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("view-dialog")));
    assertThat(d.findElement(By.id("sidebar")).isDisplayed()).as("Escape closed the dialog, not the menu").isTrue();
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  private static String activeId(ChromeDriver d) {
    return (String) d.executeScript("return document.activeElement && document.activeElement.id");
  }

  /** Whether the element lies within the window's width and the page does not scroll sideways. */
  @SuppressWarnings("unchecked")
  private static boolean fitsWidth(ChromeDriver d, String selector) {
    Map<String, Object> r = (Map<String, Object>) d.executeScript("var e = document.querySelector(arguments[0]);"
        + " var b = e.getBoundingClientRect();"
        + " return {left: b.left, right: b.right, width: innerWidth, scroll: document.documentElement.scrollWidth};",
        selector);
    double width = ((Number) r.get("width")).doubleValue();
    return ((Number) r.get("left")).doubleValue() >= 0 && ((Number) r.get("right")).doubleValue() <= width
        && ((Number) r.get("scroll")).doubleValue() <= width;
  }

  private static long create(Api api, String name, String query, boolean shared) {
    return api.post("/api/views", new JsonObject().put("name", name).put("query", query).put("shared", shared))
        .json().getLong("id");
  }

  private static List<String> names(Api api) {
    JsonArray views = api.get("/api/views").array();
    return views.stream().map(v -> ((JsonObject) v).getString("name")).toList();
  }

  private static JsonObject view(Api api, String name) {
    return api.get("/api/views").array().stream().map(JsonObject.class::cast)
        .filter(v -> name.equals(v.getString("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no view " + name));
  }
}
