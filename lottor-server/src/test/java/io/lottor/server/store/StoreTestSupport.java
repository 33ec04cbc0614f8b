package io.lottor.server.store;

import io.lottor.server.model.GroupView;
import io.lottor.server.model.MessageKey;
import io.lottor.server.model.MessageView;
import java.util.List;

/** What the contract test interfaces need from {@link StoreContractTest}. */
interface StoreTestSupport {
    /** The store under test. */
    Store store();

    /** Closes the store and opens the same database again; answers the new store. */
    Store reopenStore();

    /** A group id naming the running test. */
    String id(String suffix);

    /** The stored group; fails the test if absent. */
    GroupView view(String groupId);

    /** The stored message; fails the test if absent. */
    MessageView storedMessage(String groupId, String messageId);

    /** Prepares and commits at T0 a group of {@code messages} messages (m1…) to auth/auth-role. */
    String committed(String suffix, int messages);

    /**
     * Claims delivery number {@code attempt} of {@code key} for consumer {@code instance} at {@code now}
     * (owner {@code node-1}, leased for 30 s); answers whether the claim applied.
     */
    default boolean deliver(MessageKey key, int attempt, String instance, long now) {
        return StoreFixtures.await(store().claim(List.of(new DeliveryClaim(key, attempt, "node-1", instance,
                now + 30_000)), now)).get(0);
    }
}
