package io.lottor.client;

/** The producer-side outcome of a group's local transaction, as answered to a check-back. */
public enum CheckBackState {
    /** The local transaction committed: the coordinator commits the group. */
    COMMITTED,
    /** The local transaction did not commit and now never can: the coordinator rolls the group back. */
    ROLLED_BACK,
    /** Cannot tell yet (database unreachable, lock timeout…): the coordinator asks again later. */
    UNKNOWN
}
