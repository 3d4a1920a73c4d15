package dev.deckhand.storage;

import dev.deckhand.testing.S3Extension;
import dev.deckhand.testing.TestS3;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Against s3proxy, which verifies SigV4 signatures like AWS does. */
@ExtendWith(S3Extension.class)
class S3StorageTest extends StorageContractTest {

    static S3Storage storage;

    @BeforeAll
    static void setUp(TestS3 s3) {
        storage = S3Clients.storage(new S3Clients.Config(s3.region(), s3.endpoint(), s3.accessKey(), s3.secretKey(),
                s3.bucket()));
    }

    @Override
    Storage storage() {
        return storage;
    }

    @Override
    byte[] fetchPresigned(URI url) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return r.statusCode() == 200 ? r.body() : null;
    }

    @Test
    void publicObjectsCarryCacheForeverHeaders(TestS3 s3) throws Exception {
        String key = storage.putPublic("cached".getBytes(), "txt", "text/plain");
        var head = storage.exists(Visibility.PUBLIC, key);
        assertThat(head).isTrue();
        assertThat(storage.publicUrl(key).toString()).startsWith(s3.endpoint() + "/" + s3.bucket() + "/public/");
    }

    @Test
    void publicObjectsComeFromTheEndpointsOriginWhichPagesMustAllow(TestS3 s3) throws Exception {
        URI endpoint = URI.create(s3.endpoint());
        String origin = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        assertThat(storage.publicOrigin()).hasValue(origin);
        String key = storage.putPublic("img".getBytes(), "png", "image/png");
        assertThat(storage.publicUrl(key).toString()).startsWith(origin + "/");
    }
}
