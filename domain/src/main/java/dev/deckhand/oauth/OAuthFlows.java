package dev.deckhand.oauth;

import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.accounts.UserRepository;
import dev.deckhand.audit.AuditLog;
import dev.deckhand.credentials.AccountCredentials;
import dev.deckhand.credentials.CredentialVault;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Sign-in and account connection: one authorization-code + PKCE flow, two purposes. Both store
 * the tokens as a connected account (so no refresh token is ever obtained and then forgotten
 * without revocation); sign-in also upserts the user and issues a session.
 */
@Singleton
public class OAuthFlows {

    public static final String SIGNIN = "signin";
    public static final String CONNECT = "connect";
    static final Duration FLOW_LIFETIME = Duration.ofMinutes(10);

    private final OAuthClient client;
    private final OAuthFlowRepository flows;
    private final UserRepository users;
    private final Sessions sessions;
    private final AccountCredentials credentials;
    private final CredentialVault vault;
    private final AuditLog audit;
    private final Clock clock;

    public OAuthFlows(OAuthClient client, OAuthFlowRepository flows, UserRepository users, Sessions sessions,
                      AccountCredentials credentials, CredentialVault vault, AuditLog audit, Clock clock) {
        this.client = client;
        this.flows = flows;
        this.users = users;
        this.sessions = sessions;
        this.credentials = credentials;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
    }

    /** The outcome of a callback; sessionToken is set for sign-in only. */
    public record Result(String purpose, User user, ConnectedAccount account, @Nullable String sessionToken) {
        @Override
        public String toString() {
            return "OAuthFlows.Result[purpose=" + purpose + ", user=" + user.id() + ", account=" + account.id() + "]";
        }
    }

    /** @return the provider URL to send the browser to */
    public String begin(String purpose, @Nullable UUID userId, String redirectUri) {
        if (CONNECT.equals(purpose) && userId == null) {
            throw new IllegalArgumentException("connecting an account needs a signed-in user");
        }
        if (!SIGNIN.equals(purpose) && !CONNECT.equals(purpose)) {
            throw new IllegalArgumentException("unknown purpose");
        }
        String state = Pkce.randomToken();
        String verifier = Pkce.randomToken();
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        flows.save(new OAuthFlow(id, Pkce.sha256(state), vault.encrypt(verifier, id), purpose, userId, redirectUri,
                now, now.plus(FLOW_LIFETIME)));
        return client.authorizationUrl(state, Pkce.challenge(verifier), redirectUri, client.settings().scopes());
    }

    /** Handles the provider's redirect back. Unknown, reused or expired states are refused. */
    public Result complete(String state, String code) {
        OAuthFlow flow = flows.findByStateHash(Pkce.sha256(state == null ? "" : state))
                .filter(f -> flows.claim(f.id()) == 1)
                .filter(f -> clock.instant().isBefore(f.expiresAt()))
                .orElseThrow(() -> new InvalidFlowException("unknown or expired sign-in attempt"));
        TokenResponse tokens = client.exchangeCode(code, vault.decrypt(flow.codeVerifier(), flow.id()), flow.redirectUri());
        Map<String, Object> info = client.userinfo(tokens.accessToken());
        Object sub = info.get("sub");
        if (sub == null) {
            throw new InvalidFlowException("the provider did not say who signed in");
        }
        String issuer = client.endpoints().issuer();
        User user;
        if (SIGNIN.equals(flow.purpose())) {
            user = users.findByIssuerAndSubject(issuer, sub.toString()).map(u -> withEmail(u, str(info.get("email"))))
                    .orElseGet(() -> users.save(
                    new User(null, issuer, sub.toString(), str(info.get("email")), str(info.get("name")), false,
                            clock.instant())));
        } else {
            user = users.findById(flow.userId()).orElseThrow(() -> new InvalidFlowException("user no longer exists"));
        }
        String username = str(info.getOrDefault("preferred_username", info.getOrDefault("email", sub)));
        ConnectedAccount account = credentials.store(user.id(), issuer, sub.toString(), username, tokens);
        audit.record(user.id(), "account.connected", "connected_account", account.id().toString(), Map.of("via", flow.purpose()));
        String session = SIGNIN.equals(flow.purpose()) ? sessions.issue(user, "session", Sessions.SESSION_LIFETIME) : null;
        return new Result(flow.purpose(), user, account, session);
    }

    /** A user stored without an address (e.g. before the provider sent one) gets it at sign-in: mail needs it. */
    private User withEmail(User u, String email) {
        return u.email() != null && !u.email().isBlank() || email == null || email.isBlank() ? u
                : users.update(new User(u.id(), u.issuer(), u.subject(), email, u.name(), u.isAdmin(), u.createdAt()));
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
