package dev.helpdesk.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** X-Forwarded-For is believed only as far as trusted proxies vouch for it. */
class ClientAddressTest {

  private final ClientAddress behindProxies = ClientAddress.handler(List.of("10.0.0.0/8", "::1", "192.0.2.7"));
  private final ClientAddress direct = ClientAddress.handler(List.of());

  @Test
  void withoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays() {
    assertThat(direct.resolve("203.0.113.9", List.of("198.51.100.1"))).isEqualTo("203.0.113.9");
  }

  @Test
  void ipv6IsWrittenCompressedAsPeopleReadIt() {
    assertThat(direct.resolve("0:0:0:0:0:0:0:1", List.of())).isEqualTo("::1");
    assertThat(direct.resolve("2001:DB8:0:0:1:0:0:1", List.of())).isEqualTo("2001:db8::1:0:0:1");
    assertThat(direct.resolve("fe80:0:0:0:0:0:0:0", List.of())).isEqualTo("fe80::");
    assertThat(direct.resolve("2001:db8:1:2:3:4:5:6", List.of())).isEqualTo("2001:db8:1:2:3:4:5:6");
    assertThat(direct.resolve("2001:db8:0:1:0:0:0:1", List.of())).isEqualTo("2001:db8:0:1::1");
    assertThat(direct.resolve("203.0.113.9", List.of())).isEqualTo("203.0.113.9");
    assertThat(ClientAddress.compact("0:0:0:0:0:ffff:c000:207")).isEqualTo("::ffff:c000:207");
  }

  @Test
  void anUntrustedPeerCannotForgeItsAddress() {
    assertThat(behindProxies.resolve("203.0.113.9", List.of("198.51.100.1"))).isEqualTo("203.0.113.9");
  }

  @Test
  void behindATrustedProxyTheForwardedClientIsUsed() {
    assertThat(behindProxies.resolve("10.1.2.3", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
    assertThat(behindProxies.resolve("::1", List.of("2001:db8::5"))).isEqualTo("2001:db8::5");
  }

  @Test
  void hopsAreReadFromTheRightPastTrustedProxiesOnly() {
    // the client wrote "1.1.1.1" itself; the trusted proxies appended the real ones
    assertThat(behindProxies.resolve("10.0.0.2", List.of("1.1.1.1, 198.51.100.1, 192.0.2.7")))
        .isEqualTo("198.51.100.1");
    assertThat(behindProxies.resolve("10.0.0.2", List.of("1.1.1.1", "198.51.100.1", "10.9.9.9")))
        .isEqualTo("198.51.100.1");
  }

  @Test
  void garbageInTheHeaderStopsTheWalkAtTheLastTrustedHop() {
    assertThat(behindProxies.resolve("10.0.0.2", List.of("evil.example.com, 10.0.0.3"))).isEqualTo("10.0.0.3");
    assertThat(behindProxies.resolve("10.0.0.2", List.of("not-an-address"))).isEqualTo("10.0.0.2");
    assertThat(behindProxies.resolve("10.0.0.2", List.of())).isEqualTo("10.0.0.2");
  }
}
