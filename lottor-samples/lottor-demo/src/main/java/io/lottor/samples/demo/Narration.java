package io.lottor.samples.demo;

import io.lottor.samples.demo.GroupSnapshot.GroupEvent;
import io.lottor.samples.demo.GroupSnapshot.MessageSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Tells in plain English what the server recorded: from the group's history when the server keeps one,
 * else from the changes between two snapshots the demo saw.
 */
final class Narration {
    private static final String SERVER = "server";

    private Narration() {
    }

    /** One line per event of {@code events}, which belong to {@code group}. */
    static List<StoryLine> ofHistory(GroupSnapshot group, List<GroupEvent> events) {
        return events.stream().map(event -> ofEvent(group, event)).toList();
    }

    static StoryLine ofEvent(GroupSnapshot group, GroupEvent event) {
        String detail = event.detail() == null ? "" : ": " + event.detail();
        String target = group.targetOf(event.messageId());
        String message = event.messageId() + " (attempt " + event.attempt() + ")";
        return switch (event.kind()) {
            case "PREPARED" -> new StoryLine(SERVER, "group prepared by " + group.source()
                    + "; its message waits for the producer's decision");
            case "COMMITTED" -> new StoryLine(SERVER, "group confirmed (COMMITTED) by " + group.source()
                    + " after its local commit");
            case "ROLLED_BACK" -> new StoryLine(SERVER, "group rolled back; its messages are cancelled" + detail);
            case "COMPLETED" -> new StoryLine(SERVER, "group COMPLETED: every message consumed");
            case "CHECK_BACK" -> new StoryLine(SERVER, "asked " + group.source() + " how its transaction ended (check-back)" + detail);
            case "DELIVERED" -> new StoryLine(SERVER, (event.attempt() > 1 ? "retried: " : "")
                    + delivered(event, message, target));
            case "CONSUMED" -> new StoryLine(target, "consumed " + message + instance(event));
            case "FAILED" -> new StoryLine(target, "failed to consume " + message + detail
                    + "; the server retries it after a backoff");
            case "DEAD" -> new StoryLine(SERVER, event.messageId() + " is DEAD after " + event.attempt() + " attempts"
                    + detail + "; an operator can retry it from the admin UI");
            case "RETRIED" -> new StoryLine(SERVER, event.messageId() + " retried by " + actor(event, "an operator") + detail);
            case "RESOLVED" -> new StoryLine(SERVER, "group resolved by " + actor(event, "an operator") + detail);
            default -> new StoryLine(SERVER, event.kind().toLowerCase(Locale.ROOT) + " " + Objects.toString(event.messageId(), "") + detail);
        };
    }

    /** What changed from {@code before} (null: nothing seen yet) to {@code after}. */
    static List<StoryLine> ofChange(GroupSnapshot before, GroupSnapshot after) {
        List<StoryLine> lines = new ArrayList<>();
        if (before == null || !before.state().equals(after.state())) {
            lines.add(new StoryLine(SERVER, "group is " + after.state() + groupMeaning(after.state())));
        }
        for (int i = 0; i < after.messages().size(); i++) {
            MessageSnapshot now = after.messages().get(i);
            MessageSnapshot then = before == null ? null : before.messages().get(i);
            if (then == null || !then.state().equals(now.state()) || then.attempts() != now.attempts()) {
                lines.add(ofMessage(now));
            }
        }
        return lines;
    }

    private static StoryLine ofMessage(MessageSnapshot message) {
        String name = message.messageId() + " (" + message.method() + " for " + message.target() + ")";
        return switch (message.state()) {
            case "PENDING" -> new StoryLine(SERVER, name + " waits for the producer's decision");
            case "READY" -> new StoryLine(SERVER, name + " is due for delivery attempt " + (message.attempts() + 1));
            case "IN_FLIGHT" -> new StoryLine(SERVER, (message.attempts() > 1 ? "retried: delivered " : "delivered ")
                    + name + ", attempt " + message.attempts());
            case "CONSUMED" -> new StoryLine(message.target(), "consumed " + name + " on attempt " + message.attempts()
                    + " (instance " + message.consumedBy() + ")");
            case "FAILED" -> new StoryLine(message.target(), "attempt " + message.attempts() + " of " + name
                    + " failed: " + message.lastError() + "; the server retries it after a backoff");
            case "DEAD" -> new StoryLine(SERVER, name + " is DEAD after " + message.attempts()
                    + " attempts (last error: " + message.lastError() + "); an operator can retry it from the admin UI");
            case "CANCELLED" -> new StoryLine(SERVER, name + " cancelled: it will never be delivered");
            default -> new StoryLine(SERVER, name + " is " + message.state());
        };
    }

    private static String groupMeaning(String state) {
        return switch (state) {
            case "PREPARED" -> " (stored, waiting for the producer's commit or rollback)";
            case "COMMITTED" -> " (the producer confirmed after its local commit; messages go out)";
            case "COMPLETED" -> " (every message consumed)";
            case "ROLLED_BACK" -> " (the producer rolled back; nothing is delivered)";
            default -> "";
        };
    }

    /**
     * {@code delivered m1 (attempt 1) to auth-service}, or with a broker (the event's consumer is the
     * destination, e.g. {@code consumer:rabbitmq:lottor.auth-service}) {@code published m1 (attempt 1)
     * to RabbitMQ queue lottor.auth-service for auth-service}.
     */
    private static String delivered(GroupEvent event, String message, String target) {
        String actor = Objects.toString(event.actor(), "");
        if (actor.startsWith("consumer:rabbitmq:")) {
            return "published " + message + " to RabbitMQ queue " + actor.substring("consumer:rabbitmq:".length())
                    + " for " + target;
        }
        if (actor.startsWith("consumer:kafka:")) {
            return "published " + message + " to Kafka topic " + actor.substring("consumer:kafka:".length())
                    + " for " + target;
        }
        return "delivered " + message + " to " + target;
    }

    private static String instance(GroupEvent event) {
        String actor = event.actor();
        return actor != null && actor.startsWith("consumer:")
                ? " on instance " + actor.substring("consumer:".length()) : "";
    }

    private static String actor(GroupEvent event, String fallback) {
        return event.actor() == null ? fallback : event.actor();
    }
}
