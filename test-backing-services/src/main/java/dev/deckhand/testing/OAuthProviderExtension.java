package dev.deckhand.testing;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.UUID;

/**
 * Gives a test class a real OAuth2 provider: one mock-oauth2-server per JVM on loopback, one
 * issuer per class so tokens never cross tests. Revoked or unknown refresh tokens are refused at
 * the token endpoint, as real providers do ({@link RevokedRefreshTokenGuard}).
 */
public final class OAuthProviderExtension implements BeforeAllCallback, ParameterResolver {

    private static MockOAuth2Server server;
    private static RevokedRefreshTokenGuard guard;
    private static final ProviderFaults FAULTS = new ProviderFaults();

    @Override
    public void beforeAll(ExtensionContext context) {
        forClass(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == TestOAuthProvider.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        return forClass(context);
    }

    private static TestOAuthProvider forClass(ExtensionContext context) {
        return context.getStore(ExtensionContext.Namespace.create(OAuthProviderExtension.class, context.getRequiredTestClass()))
                .getOrComputeIfAbsent("oauth", k -> new TestOAuthProvider(server(),
                        "issuer" + UUID.randomUUID().toString().substring(0, 8)), TestOAuthProvider.class);
    }

    public static synchronized MockOAuth2Server server() {
        if (server == null) {
            guard = new RevokedRefreshTokenGuard();
            server = new MockOAuth2Server(guard, FAULTS);
            guard.attach(server);
            server.start(java.net.InetAddress.getLoopbackAddress(), FreePorts.next());
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "mock-oauth2-stop"));
        }
        return server;
    }

    static ProviderFaults faults() {
        return FAULTS;
    }

    static synchronized RevokedRefreshTokenGuard guard() {
        server();
        return guard;
    }
}
