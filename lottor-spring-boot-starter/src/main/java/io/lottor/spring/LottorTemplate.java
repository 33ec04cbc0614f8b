package io.lottor.spring;

import java.util.Map;
import java.util.Optional;

/**
 * Sends messages as part of the current Spring transaction (see {@link LottorTransactional}). The
 * messages of one transaction form one group: none is delivered unless the transaction commits, and
 * all of them are delivered (at least once) when it does. Thread-safe; a message belongs to the
 * transaction of the calling thread.
 */
public interface LottorTemplate {

    /**
     * Buffers a message for {@code target}'s {@code method} with {@code payload} encoded as JSON (with the
     * application's {@code ObjectMapper}); it is delivered after the transaction commits.
     *
     * @return the message id within its group ({@code m1}, {@code m2}, … in send order)
     * @throws IllegalStateException when no Spring transaction is active on this thread, or it is read-only
     * @throws io.lottor.client.LottorException when the payload cannot be encoded
     */
    String send(String target, String method, Object payload);

    /**
     * Like {@link #send(String, String, Object)} with headers the consumer sees in
     * {@link LottorMessage#headers()}.
     */
    String send(String target, String method, Object payload, Map<String, String> headers);

    /**
     * The id of the current transaction's group, for logs and traces: present once this transaction (or
     * the one it joined) sent a message. The coordinator knows the group by this id after the commit.
     * Empty outside a transaction or before the first send.
     */
    Optional<String> currentGroupId();
}
