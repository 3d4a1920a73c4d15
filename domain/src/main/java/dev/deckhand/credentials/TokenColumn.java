package dev.deckhand.credentials;

/**
 * The columns that hold {@link CredentialVault} blobs of a connected account. The vault puts the
 * qualified column name into a blob's associated data, so a blob moved to another column (an
 * access token swapped with a refresh token) fails to decrypt instead of being used as the other.
 */
public enum TokenColumn {
    ACCESS_TOKEN("connected_accounts.access_token"),
    REFRESH_TOKEN("connected_accounts.refresh_token");

    private final String qualifiedName;

    TokenColumn(String qualifiedName) {
        this.qualifiedName = qualifiedName;
    }

    public String qualifiedName() {
        return qualifiedName;
    }
}
