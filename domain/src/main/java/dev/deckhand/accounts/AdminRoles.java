package dev.deckhand.accounts;

import dev.deckhand.audit.AuditLog;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import dev.deckhand.runs.NotFoundException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who is an administrator, changed only here, every change audited ({@code admin.granted},
 * {@code admin.revoked}) in the same transaction. Three ways in: {@link #grant} and
 * {@link #revoke} (the CLI, {@code deckhand admin grant|revoke USER}), and {@link #atSignIn}
 * (the sign-in flow), which makes a user named in DECKHAND_ADMINS (a provider subject, or an
 * e-mail address, any case, that the provider marked verified) an administrator, so the first
 * administrator needs no SQL. Leaving
 * DECKHAND_ADMINS never revokes: only {@link #revoke} does.
 *
 * <p>A user reference is an e-mail address, a provider subject or a user id; it must name
 * exactly one user who has signed in at least once. {@code actor} names who made the change
 * (a user reference, or e.g. {@code cli}); it is resolved to a user id for the audit row when
 * it names exactly one user, and is kept by name in the details either way.
 */
@Singleton
public class AdminRoles {

    /** The audit actor of grants made by {@link #atSignIn}. */
    public static final String SETTING = SettingsCatalog.DECKHAND_ADMINS.name();
    private final UserRepository users;
    private final AuditLog audit;
    private final Set<String> configured;

    public AdminRoles(UserRepository users, AuditLog audit, ResolvedSettings settings) {
        this.users = users;
        this.audit = audit;
        this.configured = Set.copyOf(settings.value(SettingsCatalog.DECKHAND_ADMINS));
    }

    /** The outcome: the user, and whether this call changed anything (false: already so). */
    public record Change(User user, boolean changed) {
    }

    @Transactional
    public Change grant(String userRef, String actor) {
        return set(one(userRef), true, actor, Map.of());
    }

    @Transactional
    public Change revoke(String userRef, String actor) {
        return set(one(userRef), false, actor, Map.of());
    }

    /**
     * At sign-in: the user as stored, an administrator now if DECKHAND_ADMINS names them.
     *
     * @param emailVerified whether the provider marked this sign-in's e-mail address verified
     *                      ({@code email_verified: true}); an address matches only then, so a
     *                      provider that lets people type any address cannot make them admins
     */
    @Transactional
    public User atSignIn(User user, boolean emailVerified) {
        if (user.isAdmin() || !named(user, emailVerified)) {
            return user;
        }
        return set(user, true, SETTING, Map.of("via", SETTING)).user();
    }

    /** Whether DECKHAND_ADMINS names this user (by subject, or by verified e-mail address in any case). */
    public boolean named(User user, boolean emailVerified) {
        return configured.stream().anyMatch(c -> c.equals(user.subject()) || emailVerified && user.email() != null
                && c.toLowerCase(Locale.ROOT).equals(user.email().toLowerCase(Locale.ROOT)));
    }

    private Change set(User user, boolean admin, String actor, Map<String, Object> extra) {
        if (users.setAdmin(user.id(), admin) == 0) {
            return new Change(user, false);
        }
        Map<String, Object> details = new LinkedHashMap<>(extra);
        details.put("actor", actor == null ? "unknown" : actor);
        audit.record(actorId(actor), admin ? "admin.granted" : "admin.revoked", "user", user.id().toString(), details);
        return new Change(new User(user.id(), user.issuer(), user.subject(), user.email(), user.name(), admin,
                user.createdAt()), true);
    }

    private User one(String userRef) {
        if (userRef == null || userRef.isBlank()) {
            throw new IllegalArgumentException("name a user: an e-mail address, a provider subject or a user id");
        }
        List<User> found = users.findByReference(userRef.strip());
        if (found.isEmpty()) {
            throw new NotFoundException("user '" + userRef.strip() + "'");
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("'" + userRef.strip() + "' names " + found.size()
                    + " users; use one of their ids: " + found.stream().map(u -> u.id().toString()).toList());
        }
        return found.get(0);
    }

    private @Nullable java.util.UUID actorId(@Nullable String actor) {
        if (actor == null || actor.isBlank() || SETTING.equals(actor)) {
            return null;
        }
        List<User> found = users.findByReference(actor.strip());
        return found.size() == 1 ? found.get(0).id() : null;
    }
}
