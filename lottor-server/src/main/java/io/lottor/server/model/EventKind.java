package io.lottor.server.model;

/** What a {@link GroupEvent} records. */
public enum EventKind {
    /** The producer prepared the group. */
    PREPARED,
    /** The group was committed (by its producer, a check-back answer, or an operator's resolve). */
    COMMITTED,
    /** The group was rolled back; the detail holds the reason. */
    ROLLED_BACK,
    /** The group's last message was consumed. */
    COMPLETED,
    /** The server asked the producer about the group; the attempt is the check-back's number. */
    CHECK_BACK,
    /** A message was handed to a consumer instance; the attempt is the delivery's number. */
    DELIVERED,
    /** A consumer applied a message. */
    CONSUMED,
    /** A delivery failed (consumer error, ack timeout, lost session); the detail holds the error. */
    FAILED,
    /** A message ran out of attempts; the detail holds the last error. */
    DEAD,
    /** An operator moved a DEAD or FAILED message back to READY. */
    RETRIED,
    /** An operator resolved a stuck PREPARED group; the detail holds the reason. */
    RESOLVED
}
