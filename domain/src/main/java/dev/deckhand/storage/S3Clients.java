package dev.deckhand.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;

/**
 * Builds the S3 client pair from settings. With an endpoint (MinIO, s3proxy, ...) requests use
 * path-style addressing; without one the default AWS endpoints and credential chain (env, IRSA on
 * EKS) apply. Checksums are only sent when required, which S3-compatible stores all accept.
 */
public final class S3Clients {

    private S3Clients() {
    }

    public record Config(String region, String endpoint, String accessKey, String secretKey, String bucket) {
        @Override
        public String toString() {
            return "S3Config[region=" + region + ", endpoint=" + endpoint + ", bucket=" + bucket + "]";
        }
    }

    public static S3Storage storage(Config c) {
        boolean custom = c.endpoint() != null && !c.endpoint().isBlank();
        AwsCredentialsProvider creds = c.accessKey() != null && !c.accessKey().isBlank()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKey(), c.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        S3Configuration s3conf = S3Configuration.builder().pathStyleAccessEnabled(custom).build();
        var clientBuilder = S3Client.builder().region(Region.of(c.region())).credentialsProvider(creds)
                .serviceConfiguration(s3conf).httpClientBuilder(UrlConnectionHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        var presignerBuilder = S3Presigner.builder().region(Region.of(c.region())).credentialsProvider(creds)
                .serviceConfiguration(s3conf);
        URI publicBase;
        if (custom) {
            URI endpoint = URI.create(c.endpoint().replaceAll("/$", ""));
            clientBuilder.endpointOverride(endpoint);
            presignerBuilder.endpointOverride(endpoint);
            publicBase = URI.create(endpoint + "/" + c.bucket() + "/");
        } else {
            publicBase = URI.create("https://" + c.bucket() + ".s3." + c.region() + ".amazonaws.com/");
        }
        return new S3Storage(clientBuilder.build(), presignerBuilder.build(), c.bucket(), publicBase);
    }
}
