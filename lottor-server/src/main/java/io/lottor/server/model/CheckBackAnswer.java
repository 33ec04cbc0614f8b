package io.lottor.server.model;

/**
 * A producer's answer to a check-back of group {@code groupId}: its local transaction committed, rolled
 * back, or the producer cannot tell yet ({@code error} may say why).
 */
public record CheckBackAnswer(String groupId, Verdict verdict, String error) {

    /** What the producer's barrier says of the group's local transaction. */
    public enum Verdict {
        COMMITTED, ROLLED_BACK, UNKNOWN
    }
}
