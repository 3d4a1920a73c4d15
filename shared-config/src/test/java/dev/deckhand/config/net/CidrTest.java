package dev.deckhand.config.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void matchesIpv4Ipv6AndMappedAddresses() throws Exception {
        Cidr v4 = Cidr.parse("10.1.0.0/16");
        assertThat(v4.contains(InetAddress.getByName("10.1.255.3"))).isTrue();
        assertThat(v4.contains(InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(v4.contains(InetAddress.getByName("::ffff:10.1.2.3"))).isTrue();
        Cidr v6 = Cidr.parse("fd00::/8");
        assertThat(v6.contains(InetAddress.getByName("fd12::1"))).isTrue();
        assertThat(v6.contains(InetAddress.getByName("fe80::1"))).isFalse();
        assertThat(Cidr.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(Cidr.parseList(" 127.0.0.0/8, ::1/128 ,")).hasSize(2);
    }

    @Test
    void rejectsNamesAndBadPrefixesWithoutDns() {
        assertThatThrownBy(() -> Cidr.parse("example.com")).hasMessageContaining("not an IPv4/IPv6");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/40")).hasMessageContaining("0-32");
        assertThatThrownBy(() -> Cidr.parse("300.1.1.1")).hasMessageContaining("not an IPv4/IPv6");
    }
}
