package io.lottor.server.delivery;

import io.lottor.server.store.DueMessage;
import java.util.List;

/**
 * Carries committed messages to their consumers. The {@code direct} backend pushes them over client
 * sessions; broker backends publish them. Either way the outcome comes back to the store.
 */
public interface Delivery extends AutoCloseable {

    /**
     * Hands over messages that just became READY. Must not block; delivery happens later, in the
     * backend's own threads. Messages not handed over (or dropped when a backend is full) are found
     * again in the store, so this is a fast path, not the only path.
     */
    void dispatch(List<DueMessage> ready);

    @Override
    void close();
}
