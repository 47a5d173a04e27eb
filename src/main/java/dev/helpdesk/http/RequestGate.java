package dev.helpdesk.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * What every request must get right before the router sees it, refused here at the root as
 * problem JSON instead of failing deep inside (a 500 from a query parameter read, a plain
 * text 400 from the router's path decoding, a 500 from decoding a form on OPTIONS):
 * <ul>
 *   <li>the whole URI, path and query, is well-formed percent-encoding of UTF-8 without NUL;</li>
 *   <li>only POST, PUT, PATCH and DELETE carry a body;</li>
 *   <li>a body is framed one way only: a Transfer-Encoding other than plain {@code chunked},
 *   or one next to a Content-Length, is refused and the connection closed (request
 *   smuggling relies on two parties reading such framing differently); a chunked body is
 *   answered and the connection closed after it, so nothing after it is read as a request.</li>
 * </ul>
 */
public final class RequestGate implements Handler<HttpServerRequest> {

  private static final Set<HttpMethod> WITH_BODY =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private final Handler<HttpServerRequest> next;

  public RequestGate(Handler<HttpServerRequest> next) {
    this.next = next;
  }

  /**
   * Connections that must serve no further request: a request after an ambiguous or chunked
   * body may be one smuggled inside it. Netty may already have parsed it, and Vert.x hands
   * it over as soon as the answer before it ends, before the connection is closed.
   */
  private static final java.util.Set<io.vertx.core.http.HttpConnection> CLOSING =
      java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

  @Override
  public void handle(HttpServerRequest request) {
    if (request.connection() != null && CLOSING.contains(request.connection())) {
      request.connection().close();
      return;
    }
    String problem = problem(request);
    if (problem != null) {
      // a body we will not read, or framing we do not trust: this HTTP/1 connection ends here
      // (HTTP/2 frames its bodies itself, and closing would end every other stream on it)
      boolean close = !problem.startsWith(URI_PROBLEM) && request.version() != io.vertx.core.http.HttpVersion.HTTP_2;
      refuse(request, ApiError.badRequest(problem.substring(problem.indexOf('|') + 1)), close);
      return;
    }
    if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
        && request.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
      closeAfter(request);
      request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
          .endHandler(v -> request.connection().close());
    }
    next.handle(request);
  }

  private static final String URI_PROBLEM = "uri|";

  /** Why the request is refused (prefixed "uri|" when the URI is the problem, "body|" else), or null. */
  static String problem(HttpServerRequest request) {
    String uri = request.uri();
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    if (!decodes(path)) {
      return URI_PROBLEM + "The address holds a malformed percent-encoding, a NUL or bytes that are not UTF-8";
    }
    if (q >= 0 && !decodes(uri.substring(q + 1))) {
      return URI_PROBLEM + "The query string holds a malformed percent-encoding, a NUL or bytes that are not UTF-8";
    }
    List<String> encodings = request.headers().getAll(HttpHeaders.TRANSFER_ENCODING);
    boolean chunked = !encodings.isEmpty();
    if (chunked && (encodings.size() > 1 || !"chunked".equalsIgnoreCase(encodings.get(0).trim())
        || request.headers().contains(HttpHeaders.CONTENT_LENGTH))) {
      return "body|Transfer-Encoding may only be 'chunked', and never next to Content-Length";
    }
    if (!WITH_BODY.contains(request.method()) && (chunked || contentLength(request) > 0)) {
      return "body|This method (" + request.method().name() + ") takes no body";
    }
    return null;
  }

  private static void closeAfter(HttpServerRequest request) {
    if (request.connection() != null) {
      CLOSING.add(request.connection());
    }
  }

  private static long contentLength(HttpServerRequest request) {
    String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    try {
      return value == null ? 0 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 1; // Netty refuses these before us; count it as a body if one ever gets through
    }
  }

  /** Strict: every % followed by two hex digits, the bytes valid UTF-8, no NUL. */
  static boolean decodes(String text) {
    byte[] bytes = new byte[text.length() * 4];
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (hex(text, i + 1) < 0 || hex(text, i + 2) < 0) {
          return false;
        }
        bytes[n++] = (byte) (hex(text, i + 1) * 16 + hex(text, i + 2));
        i += 2;
      } else if (c < 0x80) {
        bytes[n++] = (byte) c;
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(utf8, 0, bytes, n, utf8.length);
        n += utf8.length;
      }
    }
    for (int i = 0; i < n; i++) {
      if (bytes[i] == 0) {
        return false;
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static int hex(String text, int at) {
    return at < text.length() ? Character.digit(text.charAt(at), 16) : -1;
  }

  /** Answers before any router or body handler, as problem JSON with the usual security headers. */
  public static void refuse(HttpServerRequest request, ApiError error, boolean close) {
    if (close) {
      closeAfter(request);
    }
    var response = request.response().setStatusCode(error.status())
        .putHeader("Content-Type", "application/problem+json; charset=utf-8")
        .putHeader("Content-Security-Policy", SecurityHeaders.CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer");
    if (close) {
      response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    response.end(error.toJson().encode()).onComplete(v -> {
      if (close && request.connection() != null) {
        request.connection().close();
      }
    });
  }
}
