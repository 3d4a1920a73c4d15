package dev.deckhand.jobqueue;

import java.util.List;

/**
 * One page of a job list. {@code nextCursor} is opaque and position-based (not an offset), so
 * paging stays stable while jobs arrive or leave; null means this was the last page.
 */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    public boolean hasMore() {
        return nextCursor != null;
    }
}
