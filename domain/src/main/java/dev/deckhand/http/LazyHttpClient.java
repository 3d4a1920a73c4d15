package dev.deckhand.http;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link HttpClient} built on first use, exactly once, safely from any number of threads.
 * Why: building a client initialises the default SSLContext and reads the CA certificates
 * (~175 ms of CPU and ~180 classes). The beans that call out ({@code HttpStepKind},
 * {@code OAuthClient}) exist in every web and worker process, which need neither before they are
 * ready, so the cost moves from every start to the first outbound request.
 * A factory that throws leaves nothing cached: the next {@link #get()} tries again.
 */
public final class LazyHttpClient {

    private final Supplier<HttpClient> factory;
    private volatile HttpClient client;

    public LazyHttpClient(Supplier<HttpClient> factory) {
        this.factory = Objects.requireNonNull(factory);
    }

    /** The configuration both outbound callers use: a connect timeout, redirects never followed. */
    public static LazyHttpClient withoutRedirects(Duration connectTimeout) {
        return new LazyHttpClient(() -> HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    /** The client, built by the first caller (double-checked locking on a volatile field). */
    public HttpClient get() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = Objects.requireNonNull(factory.get(), "HttpClient factory returned null");
                    client = c;
                }
            }
        }
        return c;
    }

    /** Whether {@link #get()} has built the client yet (for tests and diagnostics). */
    public boolean isBuilt() {
        return client != null;
    }
}
