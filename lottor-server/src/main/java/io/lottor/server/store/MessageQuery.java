package io.lottor.server.store;

import io.lottor.server.model.MessageState;
import java.util.Set;

/**
 * Which messages a listing (or a bulk retry) covers, most recently updated first. Every filter is
 * optional ({@code null}, or an empty set of states, matches all).
 *
 * @param source  messages of groups from this source service
 * @param from    {@code updated_at >= from}, epoch milliseconds
 * @param to      {@code updated_at < to}, epoch milliseconds
 * @param limit   most messages on the page (or retried in one transaction), at least 1
 * @param after   the previous page's {@link Page#next()}, or {@code null} for the first page
 */
public record MessageQuery(Set<MessageState> states, String source, String target, String method, String groupId,
                           Long from, Long to, int limit, PageCursor after) {

    public MessageQuery {
        states = states == null ? Set.of() : Set.copyOf(states);
    }

    /** This query with other states, an upper time bound and a limit, from the first page. */
    public MessageQuery narrowed(Set<MessageState> newStates, Long newTo, int newLimit) {
        return new MessageQuery(newStates, source, target, method, groupId, from, newTo, newLimit, null);
    }
}
