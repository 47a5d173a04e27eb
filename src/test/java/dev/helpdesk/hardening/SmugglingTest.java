package dev.helpdesk.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.TestApp;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * HTTP request smuggling over a raw socket: a body framed two ways (Content-Length and
 * Transfer-Encoding, two Content-Lengths, obfuscated Transfer-Encoding) with a second
 * request hidden after it. The service must answer exactly one response, a problem JSON
 * 4xx where the framing is ambiguous, and close the connection, so that the hidden request
 * is never run.
 */
class SmugglingTest {

  private static final TestApp app = TestApp.get();
  private static final String HIDDEN = "GET /api/me HTTP/1.1\r\nHost: x\r\n\r\n";

  private static Map<String, String> attacks() {
    String chunkedThenHidden = "0\r\n\r\n" + HIDDEN;
    Map<String, String> attacks = new LinkedHashMap<>();
    attacks.put("CL.TE", post("Content-Length: " + chunkedThenHidden.length() + "\r\nTransfer-Encoding: chunked\r\n")
        + chunkedThenHidden);
    attacks.put("TE.CL", post("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n")
        + Integer.toHexString(HIDDEN.length()) + "\r\n" + HIDDEN + "\r\n0\r\n\r\n");
    attacks.put("TE.TE obfuscated value", post("Transfer-Encoding: xchunked\r\nContent-Length: 2\r\n") + "{}"
        + HIDDEN);
    attacks.put("TE.TE two headers", post("Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n")
        + "0\r\n\r\n" + HIDDEN);
    attacks.put("TE list", post("Transfer-Encoding: gzip, chunked\r\n") + "0\r\n\r\n" + HIDDEN);
    attacks.put("TE with space before colon", post("Transfer-Encoding : chunked\r\nContent-Length: 2\r\n") + "{}"
        + HIDDEN);
    attacks.put("two different Content-Lengths", post("Content-Length: 2\r\nContent-Length: 40\r\n") + "{}" + HIDDEN);
    attacks.put("Content-Length with a sign", post("Content-Length: +2\r\n") + "{}" + HIDDEN);
    attacks.put("HTTP/1.0 with both", "POST /api/auth/login HTTP/1.0\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN);
    attacks.put("chunked alone, hidden request after the last chunk", post("Transfer-Encoding: chunked\r\n")
        + "2\r\n{}\r\n0\r\n\r\n" + HIDDEN);
    attacks.put("GET with a body", "GET /api/me HTTP/1.1\r\nHost: x\r\nContent-Length: " + HIDDEN.length()
        + "\r\n\r\n" + HIDDEN);
    return attacks;
  }

  private static String post(String framing) {
    return "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + framing + "\r\n";
  }

  @Test
  void ambiguousFramingGetsOneAnswerAndTheHiddenRequestNeverRuns() throws Exception {
    URI base = URI.create(app.baseUrl());
    for (Map.Entry<String, String> attack : attacks().entrySet()) {
      String answer = exchange(base, attack.getValue());
      Matcher statuses = Pattern.compile("HTTP/1\\.[01] (\\d{3})").matcher(answer);
      int responses = 0;
      int status = 0;
      while (statuses.find()) {
        responses++;
        status = status == 0 ? Integer.parseInt(statuses.group(1)) : status;
      }
      System.out.println("SmugglingTest " + attack.getKey() + ": " + responses + " response(s), first " + status);
      assertThat(responses).as(attack.getKey() + ": one answer only\n" + answer).isEqualTo(1);
      assertThat(status).as(attack.getKey()).isBetween(400, 499);
      assertThat(answer).as(attack.getKey()).containsIgnoringCase("content-type: application/problem+json");
      assertThat(answer).as(attack.getKey() + ": connection closed").endsWith("<closed>");
    }
    assertThat(app.admin().get("/api/me").status()).isEqualTo(200);
  }

  private static String exchange(URI base, String request) throws Exception {
    return RawHttp.exchange(base, request);
  }
}
