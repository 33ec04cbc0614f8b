package io.lottor.client;

import java.util.List;
import java.util.Set;

/**
 * Which groups the coordinator has settled: it holds them in a final state (COMMITTED, COMPLETED,
 * ROLLED_BACK) or no longer at all (purged after they finished). Until then a group may still be
 * checked back, so its barrier row must stay. {@link LottorClient#settledGroups(List)} asks the
 * coordinator.
 */
@FunctionalInterface
public interface SettledGroups {

    /**
     * The settled ids among {@code groupIds} (at most 1000).
     *
     * @throws LottorException when the coordinator cannot be asked: then nothing counts as settled
     */
    Set<String> settled(List<String> groupIds);
}
