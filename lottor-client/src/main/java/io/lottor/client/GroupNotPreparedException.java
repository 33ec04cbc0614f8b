package io.lottor.client;

/**
 * Prepare answered a state other than PREPARED: the coordinator already holds a group with this id and
 * the same content that went further, e.g. ROLLED_BACK by an earlier try whose local transaction failed,
 * or COMMITTED. The local transaction must not commit (its messages would never be sent), so it is
 * rolled back and nothing is sent for the group. Retry with a new group id.
 */
public class GroupNotPreparedException extends LottorException {
    private final String groupId;
    private final String state;

    public GroupNotPreparedException(String groupId, String state) {
        super("prepare answered " + state + ", not PREPARED, group=" + groupId + ": a group with this id was "
                + (state.equals("ROLLED_BACK") ? "rolled back" : "settled") + " before (an earlier try?); the local"
                + " transaction is rolled back and nothing is sent; use a new group id");
        this.groupId = groupId;
        this.state = state;
    }

    /** The group Prepare was called for. */
    public String groupId() {
        return groupId;
    }

    /** The state the coordinator answered, e.g. {@code ROLLED_BACK} or {@code COMMITTED}. */
    public String state() {
        return state;
    }
}
