package dev.deckhand.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One HTTP client with its own cookie jar, playing one browser or API client in OAuth tests.
 * java.net's CookieManager never sends a Secure cookie over http://, while browsers do for
 * localhost, so this jar keeps name=value pairs itself (Max-Age=0 deletes). No redirects are followed.
 */
public final class CookieJarClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    public final Map<String, String> cookies = new LinkedHashMap<>();
    private final String appBase;
    private final String forwardedFor;
    public String bearer;

    /**
     * @param appBase      the app's origin: cookies, bearer and X-Forwarded-For go only there (not to the provider)
     * @param forwardedFor X-Forwarded-For to send (null: none), to look like another client IP behind a trusted proxy
     */
    public CookieJarClient(String appBase, String forwardedFor) {
        this.appBase = appBase;
        this.forwardedFor = forwardedFor;
    }

    public HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), url);
    }

    public HttpResponse<String> post(String url, String contentType, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)), url);
    }

    private HttpResponse<String> send(HttpRequest.Builder b, String url) throws Exception {
        boolean app = url.startsWith(appBase);
        if (app && !cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        if (app && bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (app && forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (!app) {
            return r;
        }
        for (String c : r.headers().allValues("Set-Cookie")) {
            String pair = c.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('=')).strip();
            String value = pair.substring(pair.indexOf('=') + 1).strip();
            if (c.toLowerCase(java.util.Locale.ROOT).contains("max-age=0") || value.isEmpty()) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return r;
    }

    public static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location: " + r.statusCode()));
    }
}
