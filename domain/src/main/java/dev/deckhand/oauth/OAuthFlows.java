package dev.deckhand.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.deckhand.accounts.AdminRoles;
import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.accounts.UserRepository;
import dev.deckhand.audit.AuditLog;
import dev.deckhand.credentials.AccountCredentials;
import dev.deckhand.credentials.CredentialVault;
import dev.deckhand.credentials.RefreshTokenRevocations;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Sign-in and account connection: one authorization-code + PKCE flow, two purposes. Both store
 * the tokens as a connected account; sign-in also upserts the user (keyed by issuer and subject;
 * a missing e-mail address or name is filled from userinfo), applies DECKHAND_ADMINS
 * ({@link AdminRoles#atSignIn}) and issues a session.
 *
 * <p>A flow is bound to whoever began it (issue #13): {@link #begin} returns a random browser
 * binding that the web tier puts in a {@code __Host-} cookie, and {@link #complete} refuses a
 * callback that does not present it (login CSRF, a victim's browser completing an attacker's
 * flow) and, for connect, a callback not made by the signed-in user who began it (connection
 * CSRF). Both checks happen before the flow is claimed or the code exchanged. With an OIDC
 * provider the request carries a nonce and the ID token is verified ({@link IdTokenVerifier}).
 * Any failure after the code exchange revokes (or queues) the refresh token just obtained, so
 * none is ever obtained and then forgotten.
 */
@Singleton
public class OAuthFlows {

    public static final String SIGNIN = "signin";
    public static final String CONNECT = "connect";
    public static final Duration FLOW_LIFETIME = Duration.ofMinutes(10);

    private final OAuthClient client;
    private final OAuthFlowRepository flows;
    private final UserRepository users;
    private final Sessions sessions;
    private final AccountCredentials credentials;
    private final CredentialVault vault;
    private final IdTokenVerifier idTokens;
    private final RefreshTokenRevocations revocations;
    private final AuditLog audit;
    private final AdminRoles adminRoles;
    private final Clock clock;

    public OAuthFlows(OAuthClient client, OAuthFlowRepository flows, UserRepository users, Sessions sessions,
                      AccountCredentials credentials, CredentialVault vault, IdTokenVerifier idTokens,
                      RefreshTokenRevocations revocations, AuditLog audit, AdminRoles adminRoles, Clock clock) {
        this.client = client;
        this.flows = flows;
        this.users = users;
        this.sessions = sessions;
        this.credentials = credentials;
        this.vault = vault;
        this.idTokens = idTokens;
        this.revocations = revocations;
        this.audit = audit;
        this.adminRoles = adminRoles;
        this.clock = clock;
    }

    /** The outcome of a callback; sessionToken is set for sign-in only. */
    public record Result(String purpose, User user, ConnectedAccount account, @Nullable String sessionToken) {
        @Override
        public String toString() {
            return "OAuthFlows.Result[purpose=" + purpose + ", user=" + user.id() + ", account=" + account.id() + "]";
        }
    }

    /**
     * A begun flow: where to send the client, and the binding the client must bring back to the
     * callback (a secret: the web tier keeps it in a {@code __Host-} cookie, never in a URL or log).
     */
    public record Started(String authorizationUrl, String browserBinding) {
        @Override
        public String toString() {
            return "OAuthFlows.Started[browserBinding=<redacted>]";
        }
    }

    public Started begin(String purpose, @Nullable UUID userId, String redirectUri) {
        if (CONNECT.equals(purpose) && userId == null) {
            throw new IllegalArgumentException("connecting an account needs a signed-in user");
        }
        if (!SIGNIN.equals(purpose) && !CONNECT.equals(purpose)) {
            throw new IllegalArgumentException("unknown purpose");
        }
        String state = Pkce.randomToken();
        String verifier = Pkce.randomToken();
        String binding = Pkce.randomToken();
        String nonce = client.oidc() ? Pkce.randomToken() : null;
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        flows.save(new OAuthFlow(id, Pkce.sha256(state), vault.encrypt(verifier, id), purpose, userId, redirectUri,
                now, now.plus(FLOW_LIFETIME), Pkce.sha256(binding), nonce == null ? null : Pkce.sha256(nonce)));
        return new Started(client.authorizationUrl(state, Pkce.challenge(verifier), redirectUri,
                client.settings().scopes(), nonce), binding);
    }

    /**
     * Handles the provider's redirect back. Refused (InvalidFlowException, nothing stored): an
     * unknown, reused or expired state; a missing or different browser binding; a connect flow
     * completed by anyone but the signed-in user who began it; an ID token that fails a check.
     *
     * @param browserBinding the flow cookie the client presented (null: none)
     * @param callerUserId   the user signed in on the request that carries the callback (null: none)
     */
    public Result complete(String state, String code, @Nullable String browserBinding, @Nullable UUID callerUserId) {
        OAuthFlow found = flows.findByStateHash(Pkce.sha256(state == null ? "" : state))
                .orElseThrow(() -> new InvalidFlowException("unknown or expired sign-in attempt"));
        if (browserBinding == null || !MessageDigest.isEqual(Pkce.sha256(browserBinding), found.bindingHash())) {
            throw new InvalidFlowException("this sign-in was started in another browser");
        }
        if (CONNECT.equals(found.purpose()) && !Objects.equals(found.userId(), callerUserId)) {
            throw new InvalidFlowException("this account connection was started by another user");
        }
        OAuthFlow flow = java.util.Optional.of(found)
                .filter(f -> flows.claim(f.id()) == 1)
                .filter(f -> clock.instant().isBefore(f.expiresAt()))
                .orElseThrow(() -> new InvalidFlowException("unknown or expired sign-in attempt"));
        TokenResponse tokens = client.exchangeCode(code, vault.decrypt(flow.codeVerifier(), flow.id()), flow.redirectUri());
        Stored stored;
        try {
            stored = store(flow, tokens);
        } catch (RuntimeException e) {
            revocations.revokeNowOrQueue(tokens.refreshToken(), "flow failed after code exchange");
            throw e;
        }
        audit.record(stored.user().id(), "account.connected", "connected_account", stored.account().id().toString(),
                Map.of("via", flow.purpose()));
        String session = SIGNIN.equals(flow.purpose()) ? sessions.issue(stored.user(), "session", Sessions.SESSION_LIFETIME)
                : null;
        return new Result(flow.purpose(), stored.user(), stored.account(), session);
    }

    private record Stored(User user, ConnectedAccount account) {
    }

    /** Checks who signed in and stores the tokens; until this returns, the tokens are held by nothing. */
    private Stored store(OAuthFlow flow, TokenResponse tokens) {
        String issuer = client.endpoints().issuer();
        JWTClaimsSet idToken = flow.nonceHash() == null ? null
                : idTokens.verify(tokens.idToken(), client.endpoints(), client.settings().clientId(), flow.nonceHash());
        Map<String, Object> info = client.userinfo(tokens.accessToken());
        Object sub = info.get("sub");
        if (sub == null) {
            throw new InvalidFlowException("the provider did not say who signed in");
        }
        if (idToken != null && !idToken.getSubject().equals(sub.toString())) {
            throw new InvalidFlowException("the provider's userinfo is for another user than the ID token");
        }
        User user;
        if (SIGNIN.equals(flow.purpose())) {
            boolean emailVerified = Boolean.TRUE.equals(info.get("email_verified"))
                    || "true".equals(str(info.get("email_verified")));
            user = adminRoles.atSignIn(users.findByIssuerAndSubject(issuer, sub.toString())
                    .map(u -> withProfile(u, str(info.get("email")), str(info.get("name"))))
                    .orElseGet(() -> users.save(
                    new User(null, issuer, sub.toString(), str(info.get("email")), str(info.get("name")), false,
                            clock.instant()))), emailVerified);
        } else {
            user = users.findById(flow.userId()).orElseThrow(() -> new InvalidFlowException("user no longer exists"));
        }
        String username = str(info.getOrDefault("preferred_username", info.getOrDefault("email", sub)));
        return new Stored(user, credentials.store(user.id(), issuer, sub.toString(), username, tokens));
    }

    /**
     * A user stored without an address or a name (e.g. before the provider sent one) gets them at
     * sign-in: mail needs the address, the header shows the name. Stored values are kept.
     */
    private User withProfile(User u, String email, String name) {
        String e = blank(u.email()) && !blank(email) ? email : u.email();
        String n = blank(u.name()) && !blank(name) ? name : u.name();
        return java.util.Objects.equals(e, u.email()) && java.util.Objects.equals(n, u.name()) ? u
                : users.update(new User(u.id(), u.issuer(), u.subject(), e, n, u.isAdmin(), u.createdAt()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
