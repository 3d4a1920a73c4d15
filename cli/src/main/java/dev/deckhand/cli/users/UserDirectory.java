package dev.deckhand.cli.users;

import dev.deckhand.accounts.User;
import dev.deckhand.cli.CliFailure;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the one user an operator means by USER: their id, e-mail, issuer subject or name. No
 * match, or several (two users with one name), fails naming what to type instead.
 */
@Singleton
public class UserDirectory {

    private final UserLookupRepository users;

    public UserDirectory(UserLookupRepository users) {
        this.users = users;
    }

    public User find(String who) {
        List<User> found = users.findMatching(who.strip());
        if (found.isEmpty()) {
            throw new CliFailure("no user matches '" + who + "' (give an id, e-mail, subject or name; "
                    + "see deckhand users list; a user exists once they signed in)");
        }
        if (found.size() > 1) {
            throw new CliFailure("'" + who + "' matches " + found.size() + " users, give one's id: "
                    + found.stream().map(u -> u.id() + " (" + describe(u) + ")").collect(Collectors.joining(", ")));
        }
        return found.get(0);
    }

    public List<User> all() {
        return users.findAllInSignUpOrder();
    }

    /** E-mail, else name, else subject: how a user is named in output and audit details. */
    public static String describe(User u) {
        if (u.email() != null && !u.email().isBlank()) {
            return u.email();
        }
        return u.name() != null && !u.name().isBlank() ? u.name() : u.subject();
    }
}
