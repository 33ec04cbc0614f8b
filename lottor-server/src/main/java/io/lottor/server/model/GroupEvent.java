package io.lottor.server.model;

/**
 * One entry of a group's history.
 *
 * @param at        when, epoch milliseconds
 * @param messageId the message it is about, or {@code null} for the group
 * @param actor     {@code producer}, {@code server}, {@code consumer:<instance>} or {@code operator:<name>};
 *                  {@code null} when unknown
 * @param detail    the error or the reason, or {@code null}
 * @param attempt   the delivery or check-back number, or {@code null}
 */
public record GroupEvent(long at, EventKind kind, String messageId, String actor, String detail, Integer attempt) {

    /** The actor of an operator's action: {@code operator:<name>}, {@code operator:admin} when unnamed. */
    public static String operator(String name) {
        return "operator:" + (name == null || name.isBlank() ? "admin" : name);
    }
}
