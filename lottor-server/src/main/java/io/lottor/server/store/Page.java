package io.lottor.server.store;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param next where the next page starts, or {@code null} when this is the last page
 */
public record Page<T>(List<T> items, PageCursor next) {
    public Page {
        items = List.copyOf(items);
    }
}
