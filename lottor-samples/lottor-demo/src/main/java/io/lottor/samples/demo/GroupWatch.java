package io.lottor.samples.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows one group on the server until it settles (COMPLETED, ROLLED_BACK, or a message DEAD) or a
 * timeout passes, keeping the story of every change it saw.
 */
final class GroupWatch {
    private static final Duration POLL = Duration.ofMillis(20);

    private final ServerView server;
    private final Duration timeout;

    GroupWatch(ServerView server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    /** The group's last snapshot and the changes seen on the way; {@code settled} false on timeout. */
    Watched watch(String groupId) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<StoryLine> seen = new ArrayList<>();
        GroupSnapshot last = null;
        while (true) {
            GroupSnapshot now = server.group(groupId).orElse(null);
            if (now != null) {
                seen.addAll(Narration.ofChange(last, now));
                last = now;
                if (isSettled(now)) {
                    return new Watched(now, seen, true);
                }
            }
            if (System.nanoTime() > deadline) {
                return new Watched(last, seen, false);
            }
            sleep();
        }
    }

    private static boolean isSettled(GroupSnapshot group) {
        return group.state().equals("COMPLETED") || group.state().equals("ROLLED_BACK")
                || group.messages().stream().anyMatch(message -> message.state().equals("DEAD"));
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while watching a group", e);
        }
    }

    /** The outcome of a watch. */
    record Watched(GroupSnapshot last, List<StoryLine> seen, boolean settled) {
    }
}
