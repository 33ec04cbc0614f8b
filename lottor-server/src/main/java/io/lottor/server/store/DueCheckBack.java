package io.lottor.server.store;

/**
 * A PREPARED group claimed for a check-back.
 *
 * @param checkBacks check-backs sent for it, counting this one
 */
public record DueCheckBack(String groupId, String source, int checkBacks) {
}
