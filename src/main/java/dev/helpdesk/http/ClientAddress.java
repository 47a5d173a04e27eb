package dev.helpdesk.http;

import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The address of the client a request comes from. Behind a balancer the socket's peer is
 * the balancer, so X-Forwarded-For is read, but only as far as trusted proxies vouch for
 * it: from the right (the hop nearest to us), each address added by a trusted proxy is
 * skipped; the first one that is not trusted is the client. A client that writes its own
 * X-Forwarded-For header gets nothing from it unless it is itself a trusted proxy.
 *
 * <p>Installed once per router ({@link #handler}); everyone else calls {@link #of}.
 */
public final class ClientAddress implements Handler<RoutingContext> {

  private static final String KEY = "helpdesk.clientAddress";

  private final List<Range> trusted;

  private ClientAddress(List<Range> trusted) {
    this.trusted = trusted;
  }

  /** A handler that works out the address once per request; {@code proxies} as HELPDESK_TRUSTED_PROXIES. */
  public static ClientAddress handler(List<String> proxies) {
    List<Range> ranges = new ArrayList<>();
    for (String p : proxies) {
      ranges.add(Range.parse(p));
    }
    return new ClientAddress(List.copyOf(ranges));
  }

  /** The client's address as text ("203.0.113.7", "2001:db8::1"), or "unknown". */
  public static String of(RoutingContext ctx) {
    String known = ctx.get(KEY);
    return known != null ? known : compact(peer(ctx));
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.put(KEY, resolve(peer(ctx), ctx.request().headers().getAll("X-Forwarded-For")));
    ctx.next();
  }

  /** Visible for tests: the client given the peer and the X-Forwarded-For header lines in order. */
  String resolve(String peer, List<String> forwardedHeaders) {
    return compact(resolveAsJavaWritesIt(peer, forwardedHeaders));
  }

  private String resolveAsJavaWritesIt(String peer, List<String> forwardedHeaders) {
    if (trusted.isEmpty() || !isTrusted(peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String line : forwardedHeaders) {
      for (String hop : line.split(",")) {
        hops.add(hop.trim());
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = normalise(hops.get(i));
      if (hop == null) {
        return client; // garbage before this point was written by someone we do not trust
      }
      client = hop;
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return client;
  }

  /**
   * IPv6 as people write it (RFC 5952: the longest run of zero groups as "::", lower case),
   * "::1" rather than Java's "0:0:0:0:0:0:0:1"; anything else unchanged.
   */
  static String compact(String address) {
    if (address == null || !address.contains(":")) {
      return address;
    }
    String[] groups = address.toLowerCase().split(":", -1);
    if (groups.length != 8) {
      return address; // already compressed, or not a plain literal
    }
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < 8; i++) {
      groups[i] = groups[i].replaceFirst("^0+(?=.)", "");
      int j = i;
      while (j < 8 && groups[j].replaceFirst("^0+(?=.)", "").equals("0")) {
        j++;
      }
      if (j - i > bestLength && j - i >= 2) {
        bestStart = i;
        bestLength = j - i;
      }
    }
    if (bestStart < 0) {
      return String.join(":", groups);
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, 8));
    return head + "::" + tail;
  }

  private boolean isTrusted(String address) {
    byte[] bytes = literal(address);
    if (bytes == null) {
      return false;
    }
    for (Range r : trusted) {
      if (r.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  private static String peer(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
  }

  /** The address as Java writes it, or null when it is no IP literal (never a DNS lookup). */
  private static String normalise(String hop) {
    byte[] bytes = literal(hop);
    try {
      return bytes == null ? null : InetAddress.getByAddress(bytes).getHostAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static byte[] literal(String text) {
    if (text == null || text.isEmpty() || text.length() > 45 || !text.matches("[0-9A-Fa-f:.]+")) {
      return null;
    }
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** One address or CIDR range. */
  private record Range(BigInteger network, BigInteger mask, int length) {

    static Range parse(String text) {
      String[] parts = text.split("/", 2);
      byte[] bytes = literal(parts[0]);
      if (bytes == null) {
        throw new IllegalArgumentException("not an IP address: " + text);
      }
      int bits = bytes.length * 8;
      int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
      BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
      BigInteger mask = all.shiftRight(prefix).xor(all);
      return new Range(new BigInteger(1, bytes).and(mask), mask, bytes.length);
    }

    boolean contains(byte[] address) {
      return address.length == length && new BigInteger(1, address).and(mask).equals(network);
    }
  }
}
