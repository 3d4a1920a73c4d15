package dev.deckhand.cli.users;

import dev.deckhand.accounts.User;
import dev.deckhand.accounts.UserRepository;
import dev.deckhand.cli.CliFailure;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the one user an operator means by USER: what {@link UserRepository#findByReference} matches
 * (e-mail in any case, provider subject, id), as {@code AdminRoles} does. No match, or several,
 * fails naming what to type instead.
 */
@Singleton
public class UserDirectory {

    private final UserRepository users;
    private final UserLookupRepository lookup;

    public UserDirectory(UserRepository users, UserLookupRepository lookup) {
        this.users = users;
        this.lookup = lookup;
    }

    public User find(String who) {
        List<User> found = users.findByReference(who.strip());
        if (found.isEmpty()) {
            throw new CliFailure("no user matches '" + who + "' (give an e-mail, provider subject or id; "
                    + "see deckhand users list; a user exists once they signed in)");
        }
        if (found.size() > 1) {
            throw new CliFailure("'" + who + "' matches " + found.size() + " users, give one's id: "
                    + found.stream().map(u -> u.id() + " (" + describe(u) + ")").collect(Collectors.joining(", ")));
        }
        return found.get(0);
    }

    public List<User> all() {
        return lookup.findAllInSignUpOrder();
    }

    /** E-mail, else name, else subject: how a user is named in output and audit details. */
    public static String describe(User u) {
        if (u.email() != null && !u.email().isBlank()) {
            return u.email();
        }
        return u.name() != null && !u.name().isBlank() ? u.name() : u.subject();
    }
}
