package io.lottor.server.store;

import io.lottor.server.model.GroupState;
import java.util.Set;

/**
 * Which groups a listing shows, newest {@code created_at} first. Every filter is optional ({@code null},
 * or an empty set of states, matches all).
 *
 * @param target   groups with at least one message for this target service
 * @param from     {@code created_at >= from}, epoch milliseconds
 * @param to       {@code created_at < to}, epoch milliseconds
 * @param idPrefix groups whose id starts with this text (matched literally)
 * @param limit    most groups on the page, at least 1
 * @param after    the previous page's {@link Page#next()}, or {@code null} for the first page
 */
public record GroupQuery(Set<GroupState> states, String source, String target, Long from, Long to, String idPrefix,
                         int limit, PageCursor after) {

    public GroupQuery {
        states = states == null ? Set.of() : Set.copyOf(states);
    }
}
