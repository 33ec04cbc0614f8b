package io.lottor.server.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * State of a transaction group: {@code PREPARED → COMMITTED → COMPLETED} or {@code PREPARED → ROLLED_BACK}.
 * This enum owns the allowed transitions; every other transition is an error.
 */
public enum GroupState {
    PREPARED,
    COMMITTED,
    COMPLETED,
    ROLLED_BACK;

    /** Whether a group in this state may move to {@code next}. */
    public boolean canMoveTo(GroupState next) {
        return successors().contains(next);
    }

    /** Whether the group has reached a state it never leaves. */
    public boolean isFinal() {
        return this == COMPLETED || this == ROLLED_BACK;
    }

    private Set<GroupState> successors() {
        return switch (this) {
            case PREPARED -> EnumSet.of(COMMITTED, ROLLED_BACK);
            case COMMITTED -> EnumSet.of(COMPLETED);
            case COMPLETED, ROLLED_BACK -> EnumSet.noneOf(GroupState.class);
        };
    }
}
