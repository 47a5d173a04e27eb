package dev.helpdesk.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads HELPDESK_TRUSTED_PROXIES: addresses or CIDR ranges separated by commas or spaces. */
final class TrustedProxies {

  /** Only literal addresses: a host name would be looked up in DNS. */
  private static final Pattern LITERAL = Pattern.compile("^[0-9A-Fa-f:.]+$");

  private TrustedProxies() {}

  static List<String> parse(String value) {
    List<String> ranges = new ArrayList<>();
    for (String item : value.split("[,\\s]+")) {
      if (item.isBlank()) {
        continue;
      }
      String[] parts = item.split("/", 2);
      try {
        if (!LITERAL.matcher(parts[0]).matches()) {
          throw new UnknownHostException();
        }
        int bits = InetAddress.getByName(parts[0]).getAddress().length * 8;
        if (parts.length == 2) {
          int prefix = Integer.parseInt(parts[1]);
          if (prefix < 0 || prefix > bits) {
            throw new NumberFormatException();
          }
        }
      } catch (UnknownHostException | NumberFormatException e) {
        throw new ConfigException("HELPDESK_TRUSTED_PROXIES (trustedProxies) must list IP addresses or CIDR ranges"
            + " such as 10.0.0.0/8 or ::1, got '" + item + "'");
      }
      ranges.add(item);
    }
    return List.copyOf(ranges);
  }
}
