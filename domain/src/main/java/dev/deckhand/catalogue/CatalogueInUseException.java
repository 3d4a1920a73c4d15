package dev.deckhand.catalogue;

/**
 * A catalogue change refused because a run needs the entry: a job or preflight of one of its plans
 * is queued or running (status {@code started}). The message is written for the admin.
 */
public class CatalogueInUseException extends RuntimeException {

    public CatalogueInUseException(String what) {
        super("The " + what + " cannot be deleted while a run needs it: a job or preflight of it is queued or running.");
    }
}
