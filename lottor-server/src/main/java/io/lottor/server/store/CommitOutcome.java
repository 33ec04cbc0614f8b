package io.lottor.server.store;

import io.lottor.server.model.GroupState;
import java.util.List;

/**
 * The result of a commit: the group's state after it, and the messages that this commit made READY
 * (none when the group was already committed).
 */
public record CommitOutcome(GroupState state, List<DueMessage> ready) {
    public CommitOutcome {
        ready = List.copyOf(ready);
    }
}
