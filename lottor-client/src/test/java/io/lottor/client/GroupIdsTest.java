package io.lottor.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GroupIdsTest {

    @Test
    void isAVersion7UuidWhoseFirstBitsAreTheTimeInMilliseconds() {
        long before = System.currentTimeMillis();
        String id = GroupIds.next();
        long after = System.currentTimeMillis();

        UUID uuid = UUID.fromString(id);
        assertThat(id).hasSize(36);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isBetween(before, after + 1);
    }

    @Test
    void idsMadeOneAfterAnotherSortAsTextInTheOrderTheyWereMadeAndNeverRepeat() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            made.add(GroupIds.next());
        }

        assertThat(made).isSorted();
        assertThat(new HashSet<>(made)).hasSize(made.size());
    }

    @Test
    void moreIdsInOneMillisecondThanTheCounterHoldsAndAClockThatWentBackStayInOrder() {
        GroupIds ids = new GroupIds();
        long now = System.currentTimeMillis();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            made.add(ids.make(now).toString());
        }
        made.add(ids.make(now - 10_000).toString());

        assertThat(made).isSorted();
        assertThat(new HashSet<>(made)).hasSize(made.size());
        assertThat(UUID.fromString(made.get(made.size() - 1)).getMostSignificantBits() >>> 16)
                .as("past the counter's 4,096 ids the time moves on by a millisecond").isEqualTo(now + 1);
    }
}
