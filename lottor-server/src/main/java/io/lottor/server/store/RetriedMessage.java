package io.lottor.server.store;

import io.lottor.server.model.MessageSummary;

/**
 * A message an operator retried: how it is now (READY, due at once), and the same message as delivery
 * takes it.
 */
public record RetriedMessage(MessageSummary message, DueMessage due) {
}
