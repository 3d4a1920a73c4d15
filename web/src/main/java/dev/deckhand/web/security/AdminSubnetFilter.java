package dev.deckhand.web.security;

import dev.deckhand.web.problem.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 403 problem+json for admin requests (see {@link AdminAccess#isAdminRequest}) whose true client
 * IP is outside ADMIN_API_ALLOWED_SUBNETS. Unknown admin paths are refused too (403 before 404),
 * so outsiders cannot even map the admin surface.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AdminSubnetFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(AdminSubnetFilter.class);

    private final AdminAccess access;
    private final ClientAddressResolver resolver;

    public AdminSubnetFilter(AdminAccess access, ClientAddressResolver resolver) {
        this.access = access;
        this.resolver = resolver;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        if (!access.isAdminRequest(request) || access.isAllowedClient(request)) {
            return null;
        }
        LOG.warn("refused admin request from {} (not in ADMIN_API_ALLOWED_SUBNETS)", resolver.resolveClient(request).ipText());
        return Problem.of(HttpStatus.FORBIDDEN, "The admin interface is not reachable from this network.").toResponse();
    }

    @Override
    public int getOrder() {
        return SecurityFilterOrder.ADMIN_SUBNETS;
    }
}
