package dev.deckhand.web.api;

import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import dev.deckhand.web.CookieJarClient;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static dev.deckhand.web.CookieJarClient.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #13 item 1 through the API, two clients with their own cookie jars against the real app
 * and provider: a flow completes only in the client that began it (flow cookie bound to the
 * state) and, for connect, only for the signed-in user who began it; anything else is a 400
 * problem and stores nothing.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class OAuthApiBindingTest {

    static ApiStack stack;
    static JsonMapper json;
    static TestPostgres db;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        db = pg;
        stack = ApiStack.start(pg, redis, oauth, Map.of(), false);
        json = stack.web.getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static Map<String, Object> body(HttpResponse<String> r) throws Exception {
        return json.readValue(r.body(), Argument.mapOf(String.class, Object.class));
    }

    static CookieJarClient client() {
        return new CookieJarClient(stack.url(""), null);
    }

    /** The provider (non-interactive: a fresh provider user each time) sends the client back: the callback URL. */
    static String atProvider(CookieJarClient c, String authorizationUrl) throws Exception {
        String back = location(c.get(authorizationUrl));
        assertThat(back).startsWith(stack.url("/api/oauth/callback"));
        return back;
    }

    static CookieJarClient signedIn() throws Exception {
        CookieJarClient c = client();
        HttpResponse<String> start = c.get(stack.url("/api/auth/signin"));
        assertThat(start.statusCode()).isEqualTo(302);
        HttpResponse<String> done = c.get(atProvider(c, location(start)));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        c.bearer = (String) body(done).get("token");
        return c;
    }

    static List<?> accounts(CookieJarClient c) throws Exception {
        return (List<?>) body(c.get(stack.url("/api/me"))).get("accounts");
    }

    static int accountRows() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM connected_accounts")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aSecondClientSignedInAsAnotherUserCannotCompleteAnotherUsersConnect() throws Exception {
        CookieJarClient alice = signedIn();
        CookieJarClient bob = signedIn();
        HttpResponse<String> connect = alice.post(stack.url("/api/accounts/connect"), "application/json", "{}");
        assertThat(connect.statusCode()).as(connect.body()).isEqualTo(200);
        String authorizationUrl = (String) body(connect).get("authorizationUrl");
        int aliceAccounts = accounts(alice).size();
        int rows = accountRows();

        // Bob is lured to Alice's provider URL: his provider account must not land on Alice.
        HttpResponse<String> callback = bob.get(atProvider(bob, authorizationUrl));
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(400);
        assertThat(callback.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                assertThat(t).startsWith("application/problem+json"));
        assertThat(accounts(alice)).hasSize(aliceAccounts);
        assertThat(accountRows()).as("nothing stored").isEqualTo(rows);
    }

    @Test
    void theConnectCallbackNeedsTheUserWhoBeganIt() throws Exception {
        CookieJarClient alice = signedIn();
        String authorizationUrl = (String) body(alice.post(stack.url("/api/accounts/connect"), "application/json", "{}"))
                .get("authorizationUrl");
        String callbackUrl = atProvider(alice, authorizationUrl);
        int rows = accountRows();
        // Alice's flow cookie without Alice's credentials: refused, nothing stored.
        String token = alice.bearer;
        alice.bearer = null;
        alice.cookies.keySet().removeIf(n -> n.endsWith("session"));
        assertThat(alice.get(callbackUrl).statusCode()).isEqualTo(400);
        assertThat(accountRows()).isEqualTo(rows);
        alice.bearer = token;
    }

    @Test
    void aCallbackWithoutTheFlowCookieIsRefusedAndSignsNobodyIn() throws Exception {
        CookieJarClient attacker = client();
        String callbackUrl = atProvider(attacker, location(attacker.get(stack.url("/api/auth/signin"))));
        int rows = accountRows();

        // Login CSRF: the victim's client opens the attacker's callback URL.
        CookieJarClient victim = client();
        HttpResponse<String> lured = victim.get(callbackUrl);
        assertThat(lured.statusCode()).as(lured.body()).isEqualTo(400);
        assertThat(lured.body()).doesNotContain("dh_");
        assertThat(victim.cookies).isEmpty();
        assertThat(accountRows()).isEqualTo(rows);

        // The client that began the flow still completes it.
        HttpResponse<String> own = attacker.get(callbackUrl);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat((String) body(own).get("token")).startsWith("dh_");
    }
}
