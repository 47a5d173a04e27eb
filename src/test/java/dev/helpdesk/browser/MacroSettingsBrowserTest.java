package dev.helpdesk.browser;

import static dev.helpdesk.support.Fixtures.check;
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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Settings → Macros edits a macro in its add form (PATCH): the message and every change, the
 * agent and the tags to remove among them, as the composer then applies it; a refused edit shows
 * each error beside its field and changes nothing; an agent sees a shared macro read-only. The
 * bell's "Show older" pages on with the cursor, live arrivals and all, and the count stays right;
 * the preferences dialog keeps its buttons on one row; the password form names its user.
 */
class MacroSettingsBrowserTest extends BrowserTest {

  private static final TestApp app = TestApp.get();
  /** The panel as one reading: ids in order, how many marked unread, the badge, "Show older" shown. */
  private static final String PANEL = "var ids = [...document.querySelectorAll('#notification-list li[data-id]')]"
      + "  .map(li => Number(li.dataset.id));"
      + "var badge = document.getElementById('bell-count');"
      + "return {ids: ids, unreadItems: document.querySelectorAll('#notification-list li.is-unread').length,"
      + "  badge: badge.hidden ? '' : badge.textContent,"
      + "  older: !document.getElementById('notifications-older').hidden};";
  private Api admin;
  private JsonObject alice;
  private JsonObject bob;
  private Api aliceApi;
  private JsonObject contact;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    alice = Fixtures.user(admin, "Alice Agent", "agent");
    bob = Fixtures.user(admin, "Bob Agent", "agent");
    aliceApi = Fixtures.login(app, alice);
    contact = Fixtures.contact(admin, "Lea Müller");
  }

  /** Alice's private macro (the admin's shared ones of other classes outlive reset(): titles of our own). */
  private long zebraMacro() {
    Api.Response r = aliceApi.post("/api/macros", new JsonObject().put("title", "Zebra follow-up").put("shared", false)
        .put("message", new JsonObject().put("type", "reply").put("body", "Old text, {{requester.name}}."))
        .put("set", new JsonObject().put("status", "pending")));
    check(r, 201);
    return r.json().getLong("id");
  }

  private JsonObject macro(Api who, long id) {
    return who.get("/api/macros").array().stream().map(JsonObject.class::cast)
        .filter(m -> m.getLong("id") == id).findFirst().orElseThrow();
  }

  private void openMacroSettings() {
    browser.logIn(app.baseUrl(), alice.getString("email"), alice.getString("password"));
    browser.driver().get(app.baseUrl() + "/agent/#/settings/macros");
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("macro-form")));
  }

  private void edit(long id) {
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("macro-edit-" + id))).click();
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("macro-form-title"), "Edit"));
  }

  private static void replaceText(ChromeDriver d, String id, String text) {
    d.findElement(By.id(id)).clear();
    d.findElement(By.id(id)).sendKeys(text);
  }

  @Test
  void anEditedMacroIsWhatTheComposerApplies() throws Exception {
    Fixtures.ticket(admin, "Printer jams on floor 3", contact); // tags: test; medium, general, open
    long id = zebraMacro();
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    openMacroSettings();
    edit(id);
    assertThat(d.findElement(By.id("macro-title-input")).getAttribute("value")).isEqualTo("Zebra follow-up");
    assertThat(d.findElement(By.id("macro-body")).getAttribute("value")).isEqualTo("Old text, {{requester.name}}.");
    assertThat(new Select(d.findElement(By.id("macro-status"))).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("pending");

    replaceText(d, "macro-body", "Hello {{requester.name}}, the new text. {{agent.name}}");
    new Select(d.findElement(By.id("macro-type"))).selectByValue("reply");
    new Select(d.findElement(By.id("macro-status"))).selectByValue("on_hold");
    new Select(d.findElement(By.id("macro-priority"))).selectByValue("urgent");
    new Select(d.findElement(By.id("macro-category"))).selectByValue("billing");
    new Select(d.findElement(By.id("macro-assignee"))).selectByVisibleText("Bob Agent");
    replaceText(d, "macro-add-tags", "vip, printer");
    replaceText(d, "macro-remove-tags", "test");
    d.executeScript("document.getElementById('macro-form').scrollIntoView({block: 'start'})");
    browser.screenshot("macro-edit");
    d.findElement(By.id("macro-save")).click();

    browser.waiting().until(ExpectedConditions.textToBe(By.id("macro-form-title"), "Add a macro"));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
        By.cssSelector("#macro-rows tr[data-id='" + id + "']"), "agent → Bob Agent"));
    JsonObject saved = macro(aliceApi, id);
    assertThat(saved.getJsonObject("message").getString("body"))
        .isEqualTo("Hello {{requester.name}}, the new text. {{agent.name}}");
    assertThat(saved.getJsonObject("set")).isEqualTo(new JsonObject().put("status", "on_hold")
        .put("priority", "urgent").put("category", "billing").put("assignee", bob.getLong("id"))
        .put("addTags", new JsonArray().add("vip").add("printer")).put("removeTags", new JsonArray().add("test")));
    assertThat(saved.getBoolean("shared")).isFalse();

    d.get(app.baseUrl() + "/agent/#/tickets/TKT-001");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("composer-body")));
    d.findElement(By.id("ticket-subject")).click();
    new Actions(d).sendKeys("m").perform();
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#macro-list li[data-id]")));
    d.findElement(By.id("macro-filter")).sendKeys("zebra follow");
    browser.waiting().until(d2 -> d2.findElements(By.cssSelector("#macro-list li[data-id]")).size() == 1);
    d.findElement(By.id("macro-filter")).sendKeys(Keys.ENTER);
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread"),
        "Hello Lea Müller, the new text. Alice Agent"));
    JsonObject t = admin.get("/api/tickets/TKT-001").json();
    assertThat(t.getString("status")).isEqualTo("on_hold");
    assertThat(t.getString("priority")).isEqualTo("urgent");
    assertThat(t.getString("category")).isEqualTo("billing");
    assertThat(t.getJsonObject("assignee").getLong("id")).isEqualTo(bob.getLong("id"));
    assertThat(t.getJsonArray("tags").getList()).containsExactlyInAnyOrder("vip", "printer");
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void aRefusedEditShowsEachErrorBesideItsFieldAndChangesNothing() throws Exception {
    long id = zebraMacro();
    JsonObject before = macro(aliceApi, id);
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    openMacroSettings();
    edit(id);
    replaceText(d, "macro-body", "Your ticket is {{ticket.priority}}");
    replaceText(d, "macro-remove-tags", "fine, bad!tag");
    new Select(d.findElement(By.id("macro-assignee"))).selectByValue("none");
    d.findElement(By.id("macro-save")).click();

    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("macro-body-error"),
        "unknown placeholders"));
    browser.forgetConsole(); // the refused PATCH's 400, which Chromium logs as an error
    assertThat(d.findElement(By.id("macro-remove-tags-error")).getText()).startsWith("Tag 2: must be a tag");
    assertThat(d.findElement(By.id("macro-body")).getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(d.findElement(By.id("macro-remove-tags")).getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(d.findElement(By.id("macro-status-error")).getText()).isEmpty();
    assertThat(d.findElement(By.id("macro-form-error")).getText()).doesNotContain("removeTags").doesNotContain("body");
    assertThat(d.findElement(By.id("macro-form-title")).getText()).isEqualTo("Edit “Zebra follow-up”");
    assertThat(macro(aliceApi, id)).isEqualTo(before);

    // Cancel leaves the macro as it was, and editing it again starts from what is saved
    d.findElement(By.id("macro-cancel")).click();
    browser.waiting().until(ExpectedConditions.textToBe(By.id("macro-form-title"), "Add a macro"));
    assertThat(d.findElement(By.id("macro-body-error")).getText()).isEmpty();
    edit(id);
    assertThat(d.findElement(By.id("macro-body")).getAttribute("value")).isEqualTo("Old text, {{requester.name}}.");
    assertThat(d.findElement(By.id("macro-remove-tags")).getAttribute("value")).isEmpty();
    assertThat(macro(aliceApi, id)).isEqualTo(before);
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void anAgentSeesASharedMacroReadOnlyAndAnAdminEditsIt() throws Exception {
    Api.Response r = admin.post("/api/macros", new JsonObject().put("title", "Quagga shared greeting").put("shared", true)
        .put("message", new JsonObject().put("type", "note").put("body", "Greeted {{requester.name}}"))
        .put("set", new JsonObject().put("assignee", (Object) null)));
    check(r, 201);
    long id = r.json().getLong("id");
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    openMacroSettings();
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("macro-edit-" + id)));
    assertThat(d.findElement(By.id("macro-edit-" + id)).getText()).isEqualTo("View");
    assertThat(d.findElements(By.id("macro-delete-" + id))).isEmpty();
    assertThat(d.findElement(By.cssSelector("#macro-rows tr[data-id='" + id + "']")).getText()).contains("unassign");
    d.findElement(By.id("macro-edit-" + id)).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("macro-read-only")));
    @SuppressWarnings("unchecked")
    Map<String, Object> form = (Map<String, Object>) d.executeScript(
        "return {disabled: document.getElementById('macro-fieldset').disabled,"
            + " save: !document.getElementById('macro-save').hidden,"
            + " agent: document.getElementById('macro-assignee').value,"
            + " body: document.getElementById('macro-body').value};");
    assertThat(form).containsEntry("disabled", true).containsEntry("save", false).containsEntry("agent", "none")
        .containsEntry("body", "Greeted {{requester.name}}");

    // an admin changes it in the same form
    browser.logIn(app.baseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    d.get(app.baseUrl() + "/agent/#/settings/macros");
    edit(id);
    replaceText(d, "macro-title-input", "Quagga shared welcome");
    d.findElement(By.id("macro-save")).click();
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
        By.cssSelector("#macro-rows tr[data-id='" + id + "']"), "Quagga shared welcome"));
    JsonObject saved = macro(admin, id);
    assertThat(saved.getBoolean("shared")).isTrue();
    assertThat(saved.getJsonObject("set")).isEqualTo(new JsonObject().putNull("assignee"));
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void showOlderPagesOnWithoutDuplicatesAndTheCountStaysRight() throws Exception {
    for (int i = 1; i <= 36; i++) {
      assignToAlice(Fixtures.ticket(admin, "Printer jam " + i, contact));
    }
    JsonArray all = aliceApi.get("/api/notifications?limit=100").json().getJsonArray("items");
    assertThat(all.size()).isEqualTo(36);
    long oldest = all.getJsonObject(35).getLong("id");
    check(aliceApi.post("/api/notifications/read", new JsonObject().put("ids", new JsonArray().add(oldest))), 200);

    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    browser.logIn(app.baseUrl(), alice.getString("email"), alice.getString("password"));
    d.get(app.baseUrl() + "/agent/#/");
    // the list redraws while its 36 tickets come in: read its live state afresh on every try
    browser.waiting().until(d2 -> "live".equals(d.executeScript(
        "var s = document.getElementById('list-live-status'); return s && s.dataset.state")));
    browser.waiting().until(ExpectedConditions.textToBe(By.id("bell-count"), "35"));
    d.findElement(By.id("bell")).click();
    browser.waiting().until(d2 -> ((List<?>) panel().get("ids")).size() == 30);
    assertThat(panel()).containsEntry("older", true).containsEntry("unreadItems", 30L);

    // one arrives live on top of the first page: no page moves, so none is shown twice
    assignToAlice(Fixtures.ticket(admin, "Printer jam 37", contact));
    browser.waiting().until(d2 -> ((List<?>) panel().get("ids")).size() == 31 && "36".equals(panel().get("badge")));
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("notifications-older"))).click();
    browser.waiting().until(d2 -> ((List<?>) panel().get("ids")).size() == 37);
    Map<String, Object> after = panel();
    assertThat(after).containsEntry("older", false).containsEntry("badge", "36").containsEntry("unreadItems", 36L);
    assertDistinctNewestFirst((List<Number>) after.get("ids"));
    List<Long> expected = aliceApi.get("/api/notifications?limit=100").json().getJsonArray("items").stream()
        .map(n -> ((JsonObject) n).getLong("id")).toList();
    assertThat(((List<Number>) after.get("ids")).stream().map(Number::longValue).toList()).isEqualTo(expected);
    d.executeScript("var p = document.getElementById('notification-panel'); p.scrollTop = p.scrollHeight;");
    browser.screenshot("notifications-older");

    // and one more while the older pages are shown: on top, the older ones stay
    assignToAlice(Fixtures.ticket(admin, "Printer jam 38", contact));
    browser.waiting().until(d2 -> ((List<?>) panel().get("ids")).size() == 38 && "37".equals(panel().get("badge")));
    assertDistinctNewestFirst((List<Number>) panel().get("ids"));

    // an older one opens its ticket and counts down; opening the panel again keeps the older pages
    d.findElement(By.cssSelector("#notification-list li[data-ref='TKT-002'] a")).click();
    browser.waiting().until(ExpectedConditions.urlContains("#/tickets/TKT-002"));
    browser.waiting().until(ExpectedConditions.textToBe(By.id("bell-count"), "36"));
    d.findElement(By.id("bell")).click();
    browser.waiting().until(ExpectedConditions.attributeToBe(By.id("bell"), "aria-expanded", "true"));
    browser.waiting().until(d2 -> ((Number) panel().get("unreadItems")).intValue() == 36);
    Map<String, Object> reopened = panel();
    assertThat((List<Number>) reopened.get("ids")).hasSize(38);
    assertDistinctNewestFirst((List<Number>) reopened.get("ids"));
    assertThat(reopened).containsEntry("badge", "36").containsEntry("older", false);
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  @Test
  void thePreferencesDialogHasItsButtonsOnOneRowAndThePasswordFormNamesItsUser() throws Exception {
    ChromeDriver d = browser.driver();
    browser.resize(1280, 800);
    browser.logIn(app.baseUrl(), alice.getString("email"), alice.getString("password"));
    d.findElement(By.id("bell")).click();
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("notifications-preferences"))).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("preferences-save")));
    @SuppressWarnings("unchecked")
    Map<String, Object> row = (Map<String, Object>) d.executeScript(
        "var s = document.getElementById('preferences-save').getBoundingClientRect(),"
            + " c = document.getElementById('preferences-close').getBoundingClientRect();"
            + "return {sameRow: Math.abs(s.top - c.top) < 2, closeFirst: c.right <= s.left};");
    assertThat(row).containsEntry("sameRow", true).containsEntry("closeFirst", true);
    d.findElement(By.id("preferences-close")).click();
    browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.id("preferences-dialog"), 0));

    d.get(app.baseUrl() + "/agent/#/profile");
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("profile-password-form")));
    @SuppressWarnings("unchecked")
    Map<String, Object> user = (Map<String, Object>) d.executeScript(
        "var f = document.getElementById('profile-password-form'),"
            + " u = f.querySelector('input[autocomplete=username]');"
            + "return {value: u && u.value, hidden: u && u.hidden,"
            + " beforePassword: !!u && !!(u.compareDocumentPosition(f.querySelector('input[type=password]'))"
            + "   & Node.DOCUMENT_POSITION_FOLLOWING)};");
    assertThat(user).containsEntry("value", alice.getString("email")).containsEntry("hidden", true)
        .containsEntry("beforePassword", true);
    assertThat(browser.severeConsoleErrors()).isEmpty();
  }

  private void assignToAlice(JsonObject ticket) {
    check(admin.patch("/api/tickets/" + ticket.getString("ref"), new JsonObject().put("version", ticket.getInteger("version"))
        .put("assignee", alice.getLong("id"))), 200);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> panel() {
    return (Map<String, Object>) browser.driver().executeScript(PANEL);
  }

  private static void assertDistinctNewestFirst(List<Number> ids) {
    List<Long> longs = ids.stream().map(Number::longValue).toList();
    assertThat(longs).doesNotHaveDuplicates();
    assertThat(longs).isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }
}
