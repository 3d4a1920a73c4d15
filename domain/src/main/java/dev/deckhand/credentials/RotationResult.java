package dev.deckhand.credentials;

import java.util.List;
import java.util.UUID;

/**
 * What one {@link CredentialRotation#reencryptAll} pass did: rows rewritten under the primary key
 * in the current format, rows already so, and rows no configured key decrypts (left as they are;
 * their users were told to reconnect). Ids only, never token material.
 */
public record RotationResult(int rewritten, int current, int unreadable, List<UUID> unreadableAccounts) {

    public RotationResult {
        unreadableAccounts = List.copyOf(unreadableAccounts);
    }

    /** True when the old keys can be dropped without making anyone reconnect. */
    public boolean complete() {
        return unreadable == 0;
    }
}
