package dev.deckhand.runs;

import dev.deckhand.accounts.User;

import java.util.UUID;

/**
 * Who is looking at (or canceling) runs, and whether the admin role counts for this request.
 * An administrator's extra power (every user's runs and topics) applies only when the request
 * also passes the admin-network check (ADMIN_API_ALLOWED_SUBNETS): a stolen admin token used
 * from the internet sees no more than its own runs. The web tier decides {@code fromAdminNetwork}
 * (it knows the true client IP); everything else gets {@link #owner}, which never has the power.
 *
 * @param userId      the signed-in user
 * @param adminPowers whether this request may see and cancel other users' runs
 */
public record Viewer(UUID userId, boolean adminPowers) {

    /** The user, with admin powers only if they are an admin AND the request comes from an admin network. */
    public static Viewer of(User user, boolean fromAdminNetwork) {
        return new Viewer(user.id(), user.isAdmin() && fromAdminNetwork);
    }

    /** The user as an owner only: their own runs, whatever their role. */
    public static Viewer owner(User user) {
        return new Viewer(user.id(), false);
    }

    /** Whether a run owned by {@code ownerId} is visible to this viewer. */
    public boolean maySee(UUID ownerId) {
        return adminPowers || userId.equals(ownerId);
    }
}
