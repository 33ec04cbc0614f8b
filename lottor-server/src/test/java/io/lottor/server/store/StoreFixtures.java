package io.lottor.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.lottor.server.model.MessageView;
import io.lottor.server.model.NewGroup;
import io.lottor.server.model.NewMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Groups, messages and future helpers shared by the store tests. */
final class StoreFixtures {
    static final long T0 = 1_700_000_000_000L;
    static final long CHECK_AFTER = 10_000;

    private StoreFixtures() {
    }

    static NewMessage message(String id, String target, String method) {
        return new NewMessage(id, target, method, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8),
                NewMessage.JSON, Map.of("h", id));
    }

    static NewGroup group(String groupId, String source, long checkAfterMs, NewMessage... messages) {
        return new NewGroup(groupId, source, source + "-1", Arrays.asList(messages), checkAfterMs,
                Map.of("traceparent", "00-" + groupId));
    }

    /** A group of {@code source} "user" with messages m1..mN to target "auth", method "auth-role". */
    static NewGroup group(String groupId, int messages) {
        NewMessage[] list = new NewMessage[messages];
        for (int i = 0; i < messages; i++) {
            list[i] = message("m" + (i + 1), "auth", "auth-role");
        }
        return group(groupId, "user", CHECK_AFTER, list);
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("store future did not complete", e);
        }
    }

    static Throwable failure(CompletableFuture<?> future) {
        try {
            Object value = future.get(30, TimeUnit.SECONDS);
            return fail("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("store future did not complete", e);
        }
    }

    static List<String> ids(List<MessageView> messages) {
        return messages.stream().map(MessageView::messageId).toList();
    }

    static void assertPayload(byte[] payload, String messageId) {
        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"" + messageId + "\"}");
    }
}
