package io.lottor.server.store.jdbc;

import io.lottor.server.model.GroupState;
import io.lottor.server.model.MessageState;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the {@code WHERE state ...} guards of conditional UPDATEs from the state enums, so that the
 * store can only write transitions {@link GroupState#canMoveTo} and {@link MessageState#canMoveTo} allow.
 * Checked when the SQL is built (class initialisation), not per statement.
 */
final class Transitions {
    private Transitions() {
    }

    /** {@code state = 'FROM'}, after checking that {@code from → to} is allowed. */
    static String groupFrom(GroupState from, GroupState to) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("group transition " + from + " -> " + to + " is not allowed");
        }
        return "state = '" + from.name() + "'";
    }

    /** {@code state IN (...)} of those {@code candidates} that may move to {@code to}; at least one. */
    static String messageFrom(MessageState to, MessageState... candidates) {
        List<MessageState> allowed = Arrays.stream(candidates).filter(from -> from.canMoveTo(to)).toList();
        if (allowed.isEmpty()) {
            throw new IllegalStateException("no message may move from " + Arrays.toString(candidates) + " to " + to);
        }
        return "state IN (" + quoted(allowed) + ")";
    }

    /** {@code state IN (...)} of every state that may move to {@code to}, but {@code excluded}. */
    static String messageFromAnyBut(MessageState to, MessageState... excluded) {
        List<MessageState> skip = Arrays.asList(excluded);
        MessageState[] candidates = Arrays.stream(MessageState.values())
                .filter(state -> !skip.contains(state))
                .toArray(MessageState[]::new);
        return messageFrom(to, candidates);
    }

    /** {@code 'A', 'B'} for use in an IN list. */
    static String quoted(List<? extends Enum<?>> states) {
        return states.stream().map(state -> "'" + state.name() + "'").collect(Collectors.joining(", "));
    }
}
