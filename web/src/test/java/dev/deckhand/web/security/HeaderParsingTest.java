package dev.deckhand.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.simple.SimpleHttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pure parsing rules behind the filters: hosts, forwarding headers, canonical paths, cookies. */
class HeaderParsingTest {

    @Test
    void allowedHostsMatchExactNamesDomainWildcardsAndIgnorePorts() {
        AllowedHosts hosts = AllowedHosts.parse("deckhand.example.com, .example.org,[::1]");
        assertThat(hosts.allows("deckhand.example.com")).isTrue();
        assertThat(hosts.allows("DECKHAND.example.com:8443")).isTrue();
        assertThat(hosts.allows("deckhand.example.com.")).isTrue();
        assertThat(hosts.allows("a.b.example.org")).isTrue();
        assertThat(hosts.allows("example.org")).isTrue();
        assertThat(hosts.allows("[::1]:8000")).isTrue();
        assertThat(hosts.allows("notexample.org")).isFalse();
        assertThat(hosts.allows("example.com")).isFalse();
        assertThat(hosts.allows("deckhand.example.com@evil.invalid")).isFalse();
        assertThat(hosts.allows("deckhand.example.com/x")).isFalse();
        assertThat(hosts.allows("")).isFalse();
        assertThat(hosts.allows(null)).isFalse();
    }

    @Test
    void anEmptyListAllowsOnlyLoopbackAndStarAllowsAll() {
        assertThat(AllowedHosts.parse("").allows("localhost:8000")).isTrue();
        assertThat(AllowedHosts.parse("").allows("example.com")).isFalse();
        assertThat(AllowedHosts.parse("*").allows("anything.example")).isTrue();
        assertThat(AllowedHosts.parse("*").allows("bad host")).isFalse();
    }

    @Test
    void forwardedNodesAreLiteralAddressesOnly() {
        assertThat(ForwardedHeaders.parseNode("192.0.2.1")).map(a -> a.getHostAddress()).hasValue("192.0.2.1");
        assertThat(ForwardedHeaders.parseNode("192.0.2.1:4711")).map(a -> a.getHostAddress()).hasValue("192.0.2.1");
        assertThat(ForwardedHeaders.parseNode("\"[2001:db8::1]:4711\"")).isPresent();
        assertThat(ForwardedHeaders.parseNode("2001:db8::1")).isPresent();
        for (String bad : new String[] {"unknown", "_hidden", "localhost", "example.com", "127.1", "999.1.1.1", "", "[::1"}) {
            assertThat(ForwardedHeaders.parseNode(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void forwardedElementsParseQuotedValuesAndSeveralHeaders() {
        MutableHttpHeaders h = new SimpleHttpHeaders();
        h.add("Forwarded", "for=192.0.2.60;proto=HTTPS;host=\"a.example, b\", for=\"[2001:db8::1]\"");
        h.add("Forwarded", "for=10.0.0.1");
        List<ForwardedHeaders.Element> e = ForwardedHeaders.forwarded(h);
        assertThat(e).hasSize(3);
        assertThat(e.get(0)).isEqualTo(new ForwardedHeaders.Element("192.0.2.60", "https", "a.example, b"));
        assertThat(e.get(1).forNode()).isEqualTo("[2001:db8::1]");
        assertThat(e.get(2).forNode()).isEqualTo("10.0.0.1");
    }

    @Test
    void canonicalPathsDefeatPrefixTricks() {
        assertThat(SecurityPaths.canonical("//API//Admin/./x")).isEqualTo("/api/admin/x");
        assertThat(SecurityPaths.canonical("/api/%61dmin/x?y=1")).isEqualTo("/api/admin/x");
        assertThat(SecurityPaths.canonical("/public/../admin")).isEqualTo("/admin");
        assertThat(SecurityPaths.canonical("/api/admin%2fping")).isEqualTo("/api/admin/ping");
        assertThat(SecurityPaths.under("/api/admin", "/api/admin")).isTrue();
        assertThat(SecurityPaths.under("/api/administrator", "/api/admin")).isFalse();
        assertThat(SecurityPaths.isHealth("/health/readiness")).isTrue();
        assertThat(SecurityPaths.isHealth("/health/../api/admin")).isFalse();
    }

    @Test
    void theCanonicalFastPathOnlyTakesPathsTheFullRuleLeavesUnchanged() {
        for (String p : new String[] {"/", "/api/jobs/cfb4abc9-c4ab-48dd-b099-82deb6861641", "/health", "/a_b/c-d/9"}) {
            assertThat(SecurityPaths.isAlreadyCanonical(p)).as(p).isTrue();
            assertThat(SecurityPaths.canonicalize(p)).as(p).isEqualTo(p);
        }
        for (String p : new String[] {"", "api", "//api", "/api/", "/api//x", "/API", "/api/%61dmin", "/a+b", "/api/./x",
                "/api/../admin", "/a\\b", "/api?x=1", "/api/x.json", "/api/{id}"}) {
            assertThat(SecurityPaths.isAlreadyCanonical(p)).as(p).isFalse();
            assertThat(SecurityPaths.canonical(p)).as(p).isEqualTo(SecurityPaths.canonicalize(p));
        }
    }

    @Test
    void cookieSafetyNetAddsMissingAttributesOnly() {
        MutableHttpHeaders h = new SimpleHttpHeaders();
        h.add("Set-Cookie", "a=1");
        h.add("Set-Cookie", "__Host-b=2; Path=/; Secure; HttpOnly; SameSite=Strict");
        SecurityHeadersFilter.hardenCookies(h, true);
        assertThat(h.getAll("Set-Cookie")).containsExactly("a=1; Secure; HttpOnly; SameSite=Lax",
                "__Host-b=2; Path=/; Secure; HttpOnly; SameSite=Strict");
    }

    @Test
    void formFieldExtraction() {
        assertThat(CsrfFilter.formField("a=1&csrf_token=x%2By.z&b=2")).isEqualTo("x+y.z");
        assertThat(CsrfFilter.formField("a=1")).isNull();
    }
}
