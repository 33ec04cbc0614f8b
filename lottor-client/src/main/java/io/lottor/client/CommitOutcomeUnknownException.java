package io.lottor.client;

/**
 * {@code Connection.commit()} threw after the group was prepared: the local transaction may or may
 * not have committed. The client sends neither Commit nor Rollback; the coordinator's check-back asks
 * the barrier later and settles the group by what the database actually holds.
 */
public class CommitOutcomeUnknownException extends LocalTransactionException {
    private final String groupId;

    public CommitOutcomeUnknownException(String groupId, Throwable cause) {
        super("local commit failed, outcome unknown; check-back will resolve group=" + groupId, cause);
        this.groupId = groupId;
    }

    /** The prepared group whose outcome the check-back will settle. */
    public String groupId() {
        return groupId;
    }
}
