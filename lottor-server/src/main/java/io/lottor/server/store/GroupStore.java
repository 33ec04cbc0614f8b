package io.lottor.server.store;

import io.lottor.server.model.GroupEvent;
import io.lottor.server.model.GroupState;
import io.lottor.server.model.GroupView;
import io.lottor.server.model.MessageKey;
import io.lottor.server.model.NewGroup;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The producer's side of the store: groups prepared, committed and rolled back, and the reads the
 * coordinator answers with. See {@link Store} for what every write promises.
 */
public interface GroupStore {

    /**
     * Stores a new group as PREPARED with its messages PENDING, first check-back due at
     * {@code now + group.checkAfterMs()}. If the group exists with the same content hash, changes
     * nothing and answers its current state; with a different hash, fails with AlreadyExistsException
     * (field {@code group_id}).
     */
    CompletableFuture<GroupState> prepare(NewGroup group, long now);

    /**
     * PREPARED → COMMITTED, its PENDING messages → READY due {@code now}; answers the messages that
     * became READY. Committing a COMMITTED or COMPLETED group changes nothing and answers no messages.
     * Fails with NotFoundException for an unknown group and FailedPreconditionException for a
     * ROLLED_BACK one.
     */
    CompletableFuture<CommitOutcome> commit(String groupId, long now);

    /**
     * PREPARED → ROLLED_BACK, its messages → CANCELLED with {@code reason} as their last error.
     * Idempotent on a ROLLED_BACK group. Fails with NotFoundException for an unknown group and
     * FailedPreconditionException for a COMMITTED or COMPLETED one.
     */
    CompletableFuture<GroupState> rollback(String groupId, String reason, long now);

    /** The group with its messages, if stored. */
    Optional<GroupView> findGroup(String groupId);

    /** The source service of the group, if stored: a cheap read for access checks. */
    Optional<String> sourceOf(String groupId);

    /** The target service of the message, if stored: a cheap read for access checks. */
    Optional<String> targetOf(MessageKey key);

    /**
     * The state of each group among {@code groupIds} that is stored, by group id; ids of groups not
     * stored are absent. One read, whatever the number of ids (callers keep it to a few thousand).
     */
    Map<String, GroupState> groupStates(Collection<String> groupIds);

    /** The group's history, oldest first (ties in the order written); empty for an unknown group. */
    List<GroupEvent> history(String groupId);
}
