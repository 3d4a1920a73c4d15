package dev.deckhand.testing;

/** An S3-compatible endpoint (s3proxy, which checks AWS signatures) and a bucket for this class. */
public record TestS3(String endpoint, String region, String accessKey, String secretKey, String bucket) {
}
