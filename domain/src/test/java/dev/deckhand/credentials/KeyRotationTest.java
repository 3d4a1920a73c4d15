package dev.deckhand.credentials;

import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.runs.Job;
import dev.deckhand.runs.RunService;
import dev.deckhand.runs.RunStatus;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.support.OAuthBrowser;
import dev.deckhand.support.TestJobContext;
import dev.deckhand.support.TestPlans;
import dev.deckhand.testing.AccountApiServer;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPubSub;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The documented rotation, on real PostgreSQL/Redis/provider and the real queue: accounts stored
 * under K1; deploy {@code K2,K1}; run {@code credentials.reencrypt}; deploy {@code K2} only. Every
 * account still works (an http step gets its token), rows written with the old associated data
 * (row id only) are rewritten with the column-naming one, and a row under a key nobody has any
 * more yields a "reconnect" event and a clear run message; the sweep still revokes the others.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class KeyRotationTest {

    static final String K1 = CredentialVaultTest.newKey();
    static final String K2 = CredentialVaultTest.newKey();
    static final String LOST = CredentialVaultTest.newKey();
    static final MutableClock CLOCK = new MutableClock();
    static AccountApiServer api;
    static TestPostgres db;
    static TestRedis redis;
    static TestOAuthProvider provider;
    ApplicationContext ctx;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis r, TestOAuthProvider oauth) throws Exception {
        db = pg;
        redis = r;
        provider = oauth;
        api = new AccountApiServer(oauth.issuerUrl() + "/userinfo");
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @AfterEach
    void closeContext() {
        if (ctx != null) {
            ctx.close();
        }
    }

    /** A deploy with DB_ENCRYPTION_KEY = keys: a fresh context (worker on both queues) on the same database. */
    void deploy(String keys) {
        if (ctx != null) {
            ctx.close();
        }
        Map<String, String> env = DomainContext.env(db, redis, provider);
        env.put("OAUTH_API_BASE_URL", api.baseUrl());
        env.put("DB_ENCRYPTION_KEY", keys);
        ctx = DomainContext.start(env, CLOCK);
    }

    @Test
    void reencryptThenDropTheOldKeyEveryAccountStillWorksAndALostKeyAsksForReconnect() throws Exception {
        deploy(K1);
        Map<String, OAuthFlows.Result> users = new LinkedHashMap<>();
        for (String name : List.of("current", "second", "legacy", "lost")) {
            users.put(name, OAuthBrowser.signIn(ctx));
        }
        Map<UUID, String> refreshTokens = new LinkedHashMap<>();
        for (OAuthFlows.Result r : users.values()) {
            refreshTokens.put(r.account().id(), tokensOf(r.account().id()).refreshToken());
        }
        // "legacy": written before the associated data named the column (row id only).
        UUID legacy = users.get("legacy").account().id();
        AccountTokens legacyTokens = tokensOf(legacy);
        CredentialVault k1 = new CredentialVault(EncryptionKeys.parse(K1));
        UnreadableCredentialTest.writeBlobs(db, legacy, k1.encrypt(legacyTokens.accessToken(), legacy),
                k1.encrypt(legacyTokens.refreshToken(), legacy));
        // "lost": under a key that will never be configured.
        UUID lost = users.get("lost").account().id();
        AccountTokens lostTokens = tokensOf(lost);
        CredentialVault gone = new CredentialVault(EncryptionKeys.parse(LOST));
        UnreadableCredentialTest.writeBlobs(db, lost, gone.encrypt(lostTokens.accessToken(), lost),
                gone.encrypt(lostTokens.refreshToken(), lost));
        Plan plan = TestPlans.publish(ctx, "rotation", false, List.of(
                Map.of("name", "who am i", "kind", "http", "config", Map.of("path", "/me"))));

        deploy(K2 + "," + K1);
        assertThat(tokensOf(legacy).accessToken()).as("old associated data still decrypts")
                .isEqualTo(legacyTokens.accessToken());
        CredentialReencryptJob job = ctx.getBean(CredentialReencryptJob.class);
        assertThat(job.name()).isEqualTo("credentials.reencrypt");
        assertThat(job.queue()).isEqualTo("short");
        job.perform(new TestJobContext(CredentialReencryptJob.TYPE));
        byte[] k2 = EncryptionKeys.idOf(EncryptionKeys.parse(K2).primary().material());
        for (String name : List.of("current", "second", "legacy")) {
            UUID id = users.get(name).account().id();
            for (byte[] blob : blobs(id)) {
                assertThat(Arrays.copyOfRange(blob, 1, 5)).as(name + " is under K2").isEqualTo(k2);
                assertThat(blob[0]).as(name + " uses the column-naming format").isEqualTo((byte) 2);
            }
        }
        RotationResult again = ctx.getBean(CredentialRotation.class).reencryptAll();
        assertThat(again.rewritten()).as("a second run has nothing left to do").isZero();
        assertThat(again.unreadable()).as("the lost row is reported, not touched").isEqualTo(1);

        deploy(K2);
        RunService runs = ctx.getBean(RunService.class);
        for (String name : List.of("current", "second", "legacy")) {
            OAuthFlows.Result r = users.get(name);
            Job done = awaitJob(runs, r, runs.startJob(r.user(), plan.id(), null).id());
            assertThat(done.status()).as(name + ": " + ctx.getBean(dev.deckhand.runs.RunLogs.class).text(done.id())).isEqualTo(RunStatus.COMPLETE);
            assertThat(ctx.getBean(dev.deckhand.runs.RunLogs.class).text(done.id())).contains("GET /me -> 200");
        }
        OAuthFlows.Result l = users.get("lost");
        List<String> events = new CopyOnWriteArrayList<>();
        JedisPubSub listener = UnreadableCredentialTest.listen(redis, events, l.user().id());
        try {
            Job failed = awaitJob(runs, l, runs.startJob(l.user(), plan.id(), null).id());
            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            assertThat(failed.error()).contains("reconnect").doesNotContain("Exception");
            await().untilAsserted(() -> assertThat(events).anySatisfy(e -> assertThat(e).contains("\"reconnect\"")
                    .contains(failed.id().toString())));
        } finally {
            listener.punsubscribe();
        }

        // The sweep revokes what it can: every readable refresh token, and drops the unreadable row.
        CLOCK.advance(Duration.ofMinutes(16));
        ctx.getBean(CredentialSweeper.class).perform(new TestJobContext(CredentialSweeper.TYPE));
        ConnectedAccountRepository accounts = ctx.getBean(ConnectedAccountRepository.class);
        for (OAuthFlows.Result r : users.values()) {
            assertThat(accounts.findById(r.account().id())).isEmpty();
        }
        for (String name : List.of("current", "second", "legacy")) {
            assertThat(OAuthBrowser.refreshStatus(provider.tokenUrl(), refreshTokens.get(users.get(name).account().id())))
                    .as(name + "'s refresh token was revoked at the provider").isEqualTo(400);
        }
    }

    AccountTokens tokensOf(UUID accountId) {
        ConnectedAccount a = ctx.getBean(ConnectedAccountRepository.class).findById(accountId).orElseThrow();
        return ctx.getBean(AccountCredentials.class).tokens(a);
    }

    static List<byte[]> blobs(UUID accountId) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT access_token, refresh_token FROM connected_accounts WHERE id = '"
                     + accountId + "'")) {
            assertThat(rs.next()).isTrue();
            return List.of(rs.getBytes(1), rs.getBytes(2));
        }
    }

    static Job awaitJob(RunService runs, OAuthFlows.Result r, UUID jobId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !RunStatus.STARTED.equals(runs.job(r.user(), jobId).status()));
        return runs.job(r.user(), jobId);
    }
}
