package io.lottor.samples.demo;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Follows one group on the server until it settles (COMPLETED, ROLLED_BACK, or a message DEAD) or a
 * timeout passes, telling each step as it sees it: the server's history events when it keeps them,
 * else the changes between the snapshots it polls.
 */
final class GroupWatch {
    private static final Duration POLL = Duration.ofMillis(20);

    private final ServerView server;
    private final Duration timeout;

    GroupWatch(ServerView server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    /** The group's last snapshot ({@code null} if never found) and whether it settled in time. */
    Watched watch(String groupId, Consumer<StoryLine> tell) {
        long deadline = System.nanoTime() + timeout.toNanos();
        GroupSnapshot last = null;
        int eventsTold = 0;
        while (true) {
            GroupSnapshot now = server.group(groupId).orElse(null);
            if (now != null) {
                if (now.history().isEmpty()) {
                    Narration.ofChange(last, now).forEach(tell);
                } else {
                    Narration.ofHistory(now, now.history().subList(eventsTold, now.history().size())).forEach(tell);
                    eventsTold = now.history().size();
                }
                last = now;
                if (isSettled(now)) {
                    return new Watched(now, true);
                }
            }
            if (System.nanoTime() > deadline) {
                return new Watched(last, false);
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
    record Watched(GroupSnapshot last, boolean settled) {
    }
}
