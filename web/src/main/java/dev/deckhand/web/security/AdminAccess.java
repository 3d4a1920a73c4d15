package dev.deckhand.web.security;

import dev.deckhand.accounts.User;
import dev.deckhand.config.net.Cidr;
import dev.deckhand.runs.Viewer;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network half of admin authorisation: which requests are admin requests and whether the
 * true client IP may make them. Reusable by the admin UI (e.g. to hide links) and WebSocket
 * handlers, which filters do not cover.
 */
@Singleton
public class AdminAccess {

    /** Path prefixes that are admin-only regardless of annotations. */
    public static final List<String> ADMIN_PREFIXES = List.of("/admin", "/api/admin");

    private static final int MAX_CACHED_ROUTES = 10_000;

    private final List<Cidr> allowedSubnets;
    private final ClientAddressResolver resolver;
    /**
     * Whether a route is admin by its annotations or template: fixed for the life of the process
     * (routes are built at startup), so computed once per route, not per request. Holds nothing
     * about callers. Capped, in case a Micronaut version ever built route objects per request.
     */
    private final Map<RouteInfo<?>, Boolean> adminRoutes = new ConcurrentHashMap<>();

    public AdminAccess(SecuritySettings settings, ClientAddressResolver resolver) {
        this.allowedSubnets = settings.adminSubnets();
        this.resolver = resolver;
    }

    /**
     * Whether a request targets the admin surface: its canonical path is under an admin prefix,
     * or the matched route is under one or carries {@link AdminOnly}.
     */
    public boolean isAdminRequest(HttpRequest<?> request) {
        String path = SecurityPaths.canonical(request.getPath());
        if (ADMIN_PREFIXES.stream().anyMatch(p -> SecurityPaths.under(path, p))) {
            return true;
        }
        RouteInfo<?> route = RouteAttributes.getRouteInfo(request).orElse(null);
        if (route == null) {
            return false;
        }
        Boolean known = adminRoutes.get(route);
        if (known != null) {
            return known;
        }
        boolean admin = isAdminRoute(route);
        if (adminRoutes.size() < MAX_CACHED_ROUTES) {
            adminRoutes.put(route, admin);
        }
        return admin;
    }

    private static boolean isAdminRoute(RouteInfo<?> route) {
        if (route.getAnnotationMetadata().hasAnnotation(AdminOnly.class) || route.getDeclaringType().isAnnotationPresent(AdminOnly.class)) {
            return true;
        }
        if (route instanceof UriRouteInfo<?, ?> uri) {
            String template = SecurityPaths.canonical(uri.getUriMatchTemplate().toPathString());
            return ADMIN_PREFIXES.stream().anyMatch(p -> SecurityPaths.under(template, p));
        }
        return false;
    }

    /**
     * The user as a viewer of runs for this request: admin powers (every user's runs and topics)
     * only for an admin whose request comes from ADMIN_API_ALLOWED_SUBNETS.
     */
    public Viewer viewer(HttpRequest<?> request, User user) {
        return Viewer.of(user, user.isAdmin() && isAllowedClient(request));
    }

    /** Whether the request's true client IP is in ADMIN_API_ALLOWED_SUBNETS. */
    public boolean isAllowedClient(HttpRequest<?> request) {
        return Cidr.anyContains(allowedSubnets, resolver.resolveClient(request).ip());
    }
}
