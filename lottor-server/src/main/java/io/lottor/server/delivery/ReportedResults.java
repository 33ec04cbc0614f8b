package io.lottor.server.delivery;

import io.lottor.server.model.ConsumerResult;
import io.lottor.server.model.InvalidArgumentException;

/** What every delivery checks in a consumer's result reported with ReportConsumption. */
public final class ReportedResults {

    private ReportedResults() {
    }

    /**
     * Checks what a ReportConsumption must name.
     *
     * @throws InvalidArgumentException naming the first missing field
     */
    public static void require(ConsumerResult result) {
        if (result.groupId() == null || result.groupId().isEmpty()) {
            throw new InvalidArgumentException("group_id", "group_id must not be empty");
        }
        if (result.messageId() == null || result.messageId().isEmpty()) {
            throw new InvalidArgumentException("message_id", "message_id must not be empty");
        }
        if (result.sessionId() == null || result.sessionId().isEmpty()) {
            throw new InvalidArgumentException("session_id", "session_id must name the reporting consumer's open"
                    + " session (its Welcome.session_id)");
        }
        if (result.attempt() <= 0) {
            throw new InvalidArgumentException("attempt", "attempt must be the delivery's attempt (1 or more), got "
                    + result.attempt());
        }
    }

    /** The error a failed result is stored with. */
    public static String errorText(ConsumerResult result) {
        return result.error() == null || result.error().isBlank()
                ? "the consumer reported failure without an error text" : result.error();
    }
}
