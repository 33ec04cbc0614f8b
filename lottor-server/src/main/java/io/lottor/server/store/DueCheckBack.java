package io.lottor.server.store;

/**
 * A PREPARED group claimed for a check-back.
 *
 * @param checkBacks   check-backs sent for it, counting this one
 * @param checkBackUrl where to ask its producer (given at Prepare); null: ask a session of {@code source}
 */
public record DueCheckBack(String groupId, String source, int checkBacks, String checkBackUrl) {

    /** A group whose check-back goes to a session of {@code source}. */
    public DueCheckBack(String groupId, String source, int checkBacks) {
        this(groupId, source, checkBacks, null);
    }
}
