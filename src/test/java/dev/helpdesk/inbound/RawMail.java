package dev.helpdesk.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A plain raw mail for tests, built like a mail client would, header by header. */
final class RawMail {

  private static final AtomicInteger SEQ = new AtomicInteger();

  private final List<String> headers = new ArrayList<>();
  private String body = "Hello";
  private String messageId = "<test-" + System.nanoTime() + "-" + SEQ.incrementAndGet() + "@client.test>";

  static RawMail from(String from) {
    RawMail m = new RawMail();
    m.headers.add("From: " + from);
    m.headers.add("To: support@test.example");
    m.headers.add("Date: Tue, 24 Nov 2026 10:00:00 +0000");
    m.headers.add("MIME-Version: 1.0");
    m.headers.add("Content-Type: text/plain; charset=UTF-8");
    m.headers.add("Content-Transfer-Encoding: 8bit");
    return m;
  }

  RawMail header(String name, String value) {
    headers.removeIf(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1));
    headers.add(name + ": " + value);
    return this;
  }

  RawMail subject(String subject) {
    return header("Subject", subject);
  }

  RawMail inReplyTo(String id) {
    return header("In-Reply-To", id).header("References", id);
  }

  RawMail messageId(String id) {
    this.messageId = id;
    return this;
  }

  RawMail body(String text) {
    this.body = text;
    return this;
  }

  String messageId() {
    return messageId;
  }

  String build() {
    StringBuilder out = new StringBuilder();
    out.append("Message-ID: ").append(messageId).append("\r\n");
    for (String h : headers) {
      out.append(h).append("\r\n");
    }
    return out.append("\r\n").append(body.replace("\n", "\r\n")).append("\r\n").toString();
  }
}
