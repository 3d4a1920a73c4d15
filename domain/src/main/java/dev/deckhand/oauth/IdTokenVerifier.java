package dev.deckhand.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.inject.Singleton;

import java.net.MalformedURLException;
import java.net.URI;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * OIDC Core 3.1.3.7 checks of an ID token from the code exchange: the JWS signature against the
 * provider's JWKS (discovered {@code jwks_uri}; keys cached and refetched on an unknown key id),
 * asymmetric algorithms only; {@code iss} equal to the discovered issuer; {@code aud} containing
 * our client id (and {@code azp} equal to it when there are several audiences); {@code exp} not
 * passed (60 s leeway) and {@code nonce} equal to the one this flow sent. Any failure is an
 * {@link InvalidFlowException} naming the check, never the token.
 *
 * <p>Times are checked against the wall clock, not the app's Clock bean: the provider stamps
 * iat/exp with real time, and a clock moved by a test must not make a fresh token look expired.
 */
@Singleton
public class IdTokenVerifier {

    static final Duration LEEWAY = Duration.ofSeconds(60);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

    private final Clock wallClock;
    private volatile Keys keys;

    private record Keys(String jwksUri, DefaultJWTProcessor<SecurityContext> processor) {
    }

    public IdTokenVerifier() {
        this(Clock.systemUTC());
    }

    IdTokenVerifier(Clock wallClock) {
        this.wallClock = wallClock;
    }

    /** @return the verified claims; {@code expectedNonceHash} is SHA-256 of the nonce the flow sent */
    public JWTClaimsSet verify(String idToken, OAuthEndpoints endpoints, String clientId, byte[] expectedNonceHash) {
        if (idToken == null || idToken.isBlank()) {
            throw new InvalidFlowException("the provider sent no ID token");
        }
        JWTClaimsSet claims;
        try {
            claims = processor(endpoints.jwksUri()).process(idToken, null);
        } catch (KeySourceException e) {
            throw new OAuthException("ID token keys (jwks_uri): provider unreachable", e);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new InvalidFlowException("ID token refused: bad signature or format");
        }
        if (!endpoints.issuer().equals(claims.getIssuer())) {
            throw new InvalidFlowException("ID token refused: wrong issuer");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(clientId)) {
            throw new InvalidFlowException("ID token refused: wrong audience");
        }
        Object azp = claims.getClaim("azp");
        if (audience.size() > 1 && !clientId.equals(azp)) {
            throw new InvalidFlowException("ID token refused: wrong audience (azp)");
        }
        Date exp = claims.getExpirationTime();
        Instant now = wallClock.instant();
        if (exp == null || !exp.toInstant().plus(LEEWAY).isAfter(now)) {
            throw new InvalidFlowException("ID token refused: expired");
        }
        Object nonce = claims.getClaim("nonce");
        if (expectedNonceHash == null || !(nonce instanceof String n)
                || !MessageDigest.isEqual(Pkce.sha256(n), expectedNonceHash)) {
            throw new InvalidFlowException("ID token refused: wrong nonce");
        }
        if (claims.getSubject() == null) {
            throw new InvalidFlowException("ID token refused: no subject");
        }
        return claims;
    }

    private DefaultJWTProcessor<SecurityContext> processor(String jwksUri) {
        Keys k = keys;
        if (k == null || !k.jwksUri().equals(jwksUri)) {
            JWKSource<SecurityContext> source;
            try {
                source = JWKSourceBuilder.create(URI.create(jwksUri).toURL(),
                        new DefaultResourceRetriever(10_000, 10_000, 512 * 1024)).retrying(true).build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalStateException("the provider's jwks_uri is not a URL");
            }
            DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
            p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, source));
            // Claims are checked above, with messages of our own and the wall clock.
            p.setJWTClaimsSetVerifier((claims, context) -> { });
            k = new Keys(jwksUri, p);
            keys = k;
        }
        return k.processor();
    }
}
