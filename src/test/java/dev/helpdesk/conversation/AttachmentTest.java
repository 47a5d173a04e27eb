package dev.helpdesk.conversation;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttachmentTest {

  static final int MAX = 10 * 1024 * 1024;
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'};

  private final TestApp app = TestApp.get();
  private Api admin;
  private Api rita;
  private Api sam;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    JsonObject ritaUser = Fixtures.user(admin, "Rita", "requester");
    JsonObject samUser = Fixtures.user(admin, "Sam", "requester");
    rita = Fixtures.login(app, ritaUser);
    sam = Fixtures.login(app, samUser);
    check(admin.post("/api/tickets", Fixtures.ticketBody("Rita's", "user", ritaUser.getLong("id"))), 201);
  }

  private long postWithFile(Api who, String type, byte[] content, String filename, String contentType) {
    Api.Response up = who.upload(filename, contentType, content);
    check(up, 201);
    long id = up.json().getLong("id");
    check(who.post("/api/tickets/TKT-001/messages", new JsonObject().put("type", type).put("body", "see file")
        .put("attachmentIds", new JsonArray().add(id))), 201);
    return id;
  }

  @Test
  void exactlyTenMegabytesIsAcceptedAndComesBackIdentical() throws Exception {
    byte[] content = new byte[MAX];
    new Random(7).nextBytes(content);

    Api.Response up = admin.upload("big.bin", "application/octet-stream", content);

    assertThat(up.status()).isEqualTo(201);
    assertThat(up.json().getLong("size")).isEqualTo(MAX);
    long id = up.json().getLong("id");
    HttpResponse<byte[]> down = admin.download("/api/attachments/" + id);
    assertThat(down.statusCode()).isEqualTo(200);
    assertThat(down.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment;");
    assertThat(down.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(sha256(down.body())).isEqualTo(sha256(content));
  }

  @Test
  void oneByteMoreIsRefusedWith413AndNothingIsStored() {
    Api.Response up = admin.upload("big.bin", "application/octet-stream", new byte[MAX + 1]);

    assertThat(up.status()).isEqualTo(413);
    assertThat(up.contentType()).startsWith("application/problem+json");
    assertThat(app.queryLong("SELECT count(*) FROM attachments")).isZero();
    assertThat(app.queryLong("SELECT count(*) FROM attachment_chunks")).isZero();
  }

  @Test
  void imagesPreviewInlineAndOtherFilesDoNot() {
    long png = postWithFile(admin, "reply", PNG, "shot.png", "image/png");
    long html = postWithFile(admin, "reply", "<script>alert(1)</script>".getBytes(), "x.html", "text/html");

    HttpResponse<byte[]> preview = admin.download("/api/attachments/" + png + "?inline=1");
    assertThat(preview.statusCode()).isEqualTo(200);
    assertThat(preview.headers().firstValue("Content-Type")).contains("image/png");
    assertThat(preview.headers().firstValue("Content-Disposition").orElse("")).startsWith("inline;");
    assertThat(admin.download("/api/attachments/" + html + "?inline=1").statusCode()).isEqualTo(415);
    HttpResponse<byte[]> download = admin.download("/api/attachments/" + html);
    assertThat(download.headers().firstValue("Content-Type")).contains("application/octet-stream");
  }

  @Test
  void aFileClaimingToBeAnImageIsNotPreviewedUnlessItIsOne() {
    long fake = postWithFile(admin, "reply", "not an image".getBytes(), "cat.png", "image/png");
    assertThat(admin.download("/api/attachments/" + fake + "?inline=1").statusCode()).isEqualTo(415);
  }

  @Test
  void pathTricksInFilenamesAreRemoved() {
    Api.Response up = admin.upload("../../etc/passwd", "text/plain", "x".getBytes());
    assertThat(up.status()).isEqualTo(201);
    assertThat(up.json().getString("filename")).isEqualTo("passwd");
    assertThat(admin.upload("a\u0007b\u202e.txt", "text/plain", "x".getBytes()).json().getString("filename"))
        .isEqualTo("ab.txt");
    Api.Response dots = admin.upload("..\\..\\boot.ini", "text/plain", "x".getBytes());
    assertThat(dots.json().getString("filename")).isEqualTo("boot.ini");
  }

  @Test
  void onlyThoseWhoMaySeeTheMessageGetTheFile() {
    long replyFile = postWithFile(admin, "reply", PNG, "public.png", "image/png");
    long noteFile = postWithFile(admin, "note", PNG, "internal.png", "image/png");
    long unattached = sam.upload("mine.txt", "text/plain", "x".getBytes()).json().getLong("id");

    assertThat(rita.download("/api/attachments/" + replyFile).statusCode()).isEqualTo(200);
    assertThat(rita.download("/api/attachments/" + noteFile).statusCode()).isEqualTo(404);
    assertThat(sam.download("/api/attachments/" + replyFile).statusCode()).isEqualTo(404);
    assertThat(rita.download("/api/attachments/" + unattached).statusCode()).isEqualTo(404);
    assertThat(sam.download("/api/attachments/" + unattached).statusCode()).isEqualTo(200);
    assertThat(app.anonymous().download("/api/attachments/" + replyFile).statusCode()).isEqualTo(401);
    JsonArray ritasThread = rita.get("/api/tickets/TKT-001/messages").array();
    assertThat(ritasThread.encode()).doesNotContain("internal.png");
  }

  @Test
  void someoneElsesUploadCannotBeAttached() {
    long samsFile = sam.upload("mine.txt", "text/plain", "x".getBytes()).json().getLong("id");

    Api.Response r = rita.post("/api/tickets/TKT-001/messages", new JsonObject().put("type", "reply")
        .put("body", "stolen").put("attachmentIds", new JsonArray().add(samsFile)));

    assertThat(r.status()).isEqualTo(400);
    assertThat(app.queryLong("SELECT count(*) FROM messages WHERE type = 'reply'")).isZero();
  }

  @Test
  void uploadsMustBeMultipartWithOneFile() {
    assertThat(admin.send("POST", "/api/attachments", "{}", "application/json").status()).isEqualTo(415);
    assertThat(app.anonymous().upload("a.txt", "text/plain", "x".getBytes()).status()).isEqualTo(401);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
