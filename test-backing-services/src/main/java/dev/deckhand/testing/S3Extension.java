package dev.deckhand.testing;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.net.URI;
import java.util.UUID;

/**
 * Gives a test class a real S3 API: s3proxy in-process over an in-memory blob store, requiring
 * AWS V2/V4 signatures with the credentials in {@link TestS3}. One server per JVM, one bucket
 * per class.
 */
public final class S3Extension implements BeforeAllCallback, ParameterResolver {

    public static final String ACCESS_KEY = "deckhand-test-access";
    public static final String SECRET_KEY = "deckhand-test-secret-key-not-real";
    private static String endpoint;
    private static BlobStore blobStore;

    @Override
    public void beforeAll(ExtensionContext context) {
        forClass(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == TestS3.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        return forClass(context);
    }

    private static TestS3 forClass(ExtensionContext context) {
        return context.getStore(ExtensionContext.Namespace.create(S3Extension.class, context.getRequiredTestClass()))
                .getOrComputeIfAbsent("s3", k -> {
                    ensureServer();
                    String bucket = "t-" + UUID.randomUUID().toString().substring(0, 8);
                    blobStore.createContainerInLocation(null, bucket);
                    return new TestS3(endpoint, "us-east-1", ACCESS_KEY, SECRET_KEY, bucket);
                }, TestS3.class);
    }

    private static synchronized void ensureServer() {
        if (endpoint != null) {
            return;
        }
        BlobStoreContext ctx = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .build(BlobStoreContext.class);
        blobStore = ctx.getBlobStore();
        int port = FreePorts.next();
        String url = "http://127.0.0.1:" + port;
        S3Proxy proxy = S3Proxy.builder().blobStore(blobStore).endpoint(URI.create(url))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start s3proxy", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception ignored) {
                // JVM is exiting
            }
        }, "s3proxy-stop"));
        endpoint = url;
    }
}
