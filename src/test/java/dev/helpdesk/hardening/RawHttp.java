package dev.helpdesk.hardening;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 by hand, for what java.net.http refuses to send: malformed URIs, ambiguous framing. */
final class RawHttp {

  private RawHttp() {}

  /** Writes the bytes; reads until the server closes ("…&lt;closed&gt;") or is silent for 2 s ("…&lt;still open&gt;"). */
  static String exchange(URI base, String request) throws Exception {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(2_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) != -1; ) {
          out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8) + "<closed>";
      } catch (SocketTimeoutException e) {
        return out.toString(StandardCharsets.UTF_8) + "<still open>";
      } catch (java.net.SocketException e) {
        return out.toString(StandardCharsets.UTF_8) + "<closed>"; // reset after the answer
      }
    }
  }

  /** The status of the first response, or -1. */
  static int status(String answer) {
    return answer.startsWith("HTTP/1.") && answer.length() > 12 ? Integer.parseInt(answer.substring(9, 12)) : -1;
  }

  /** The body of a single response (after the blank line, without the closing marker). */
  static String body(String answer) {
    int at = answer.indexOf("\r\n\r\n");
    String body = at < 0 ? "" : answer.substring(at + 4);
    return body.replace("<closed>", "").replace("<still open>", "");
  }
}
