package dev.deckhand.http;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client is built by the first get(), once, however many threads race for it. */
class LazyHttpClientTest {

    @Test
    void buildsNothingUntilFirstUseThenAlwaysTheSameClient() {
        AtomicInteger builds = new AtomicInteger();
        LazyHttpClient lazy = new LazyHttpClient(() -> {
            builds.incrementAndGet();
            return HttpClient.newHttpClient();
        });
        assertThat(builds).hasValue(0);
        assertThat(lazy.isBuilt()).isFalse();
        HttpClient first = lazy.get();
        assertThat(lazy.get()).isSameAs(first);
        assertThat(lazy.isBuilt()).isTrue();
        assertThat(builds).hasValue(1);
    }

    @Test
    void racingThreadsShareOneClient() throws Exception {
        int threads = 16;
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        LazyHttpClient lazy = new LazyHttpClient(() -> {
            builds.incrementAndGet();
            return HttpClient.newHttpClient();
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<HttpClient>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(() -> {
                    go.await();
                    return lazy.get();
                });
            }
            List<Future<HttpClient>> futures = new ArrayList<>();
            calls.forEach(c -> futures.add(pool.submit(c)));
            go.countDown();
            Set<HttpClient> seen = ConcurrentHashMap.newKeySet();
            for (Future<HttpClient> f : futures) {
                seen.add(f.get());
            }
            assertThat(seen).hasSize(1);
            assertThat(builds).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedBuildIsRetriedOnTheNextUse() {
        AtomicInteger attempts = new AtomicInteger();
        LazyHttpClient lazy = new LazyHttpClient(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("no trust store");
            }
            return HttpClient.newHttpClient();
        });
        assertThatThrownBy(lazy::get).hasMessage("no trust store");
        assertThat(lazy.isBuilt()).isFalse();
        assertThat(lazy.get()).isNotNull();
        assertThat(attempts).hasValue(2);
    }

    @Test
    void sharedConfigurationNeverFollowsRedirects() {
        HttpClient client = LazyHttpClient.withoutRedirects(java.time.Duration.ofSeconds(3)).get();
        assertThat(client.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
        assertThat(client.connectTimeout()).contains(java.time.Duration.ofSeconds(3));
    }
}
