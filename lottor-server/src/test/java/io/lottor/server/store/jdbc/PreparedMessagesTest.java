package io.lottor.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.store.DueMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreparedMessagesTest {

    private static List<DueMessage> messages(String groupId, int count, int payloadBytes) {
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> new DueMessage(groupId, "user", "m" + i,
                "auth", "role", new byte[payloadBytes], "application/json", Map.of(), 0, 0)).toList();
    }

    @Test
    void aCommitTakesTheGroupsMessagesOnceAndOnlyWhenItMadeAsManyReady() {
        PreparedMessages prepared = new PreparedMessages();
        prepared.put("g1", messages("g1", 2, 10));
        prepared.put("g2", messages("g2", 2, 10));

        assertThat(prepared.take("g1", 2)).extracting(DueMessage::messageId).containsExactly("m1", "m2");
        assertThat(prepared.take("g1", 2)).as("taken already").isNull();
        assertThat(prepared.take("g2", 1)).as("another count: read back instead").isNull();
        assertThat(prepared.size()).isZero();
    }

    @Test
    void forgetsTheOldestGroupsPastItsBoundsAndNeverHoldsOneLargerThanThem() {
        PreparedMessages prepared = new PreparedMessages();
        for (int i = 0; i < PreparedMessages.MAX_GROUPS + 10; i++) {
            prepared.put("g" + i, messages("g" + i, 1, 1));
        }
        assertThat(prepared.size()).isEqualTo(PreparedMessages.MAX_GROUPS);
        assertThat(prepared.take("g0", 1)).isNull();
        assertThat(prepared.take("g10", 1)).isNotNull();

        prepared.put("big", messages("big", 1, (int) PreparedMessages.MAX_BYTES + 1));
        assertThat(prepared.take("big", 1)).isNull();

        int half = (int) (PreparedMessages.MAX_BYTES / 2) + 1;
        prepared.put("half-1", messages("half-1", 1, half));
        prepared.put("half-2", messages("half-2", 1, half));
        assertThat(prepared.take("half-1", 1)).as("forgotten for the bytes").isNull();
        assertThat(prepared.take("half-2", 1)).isNotNull();
    }

    @Test
    void aRolledBackGroupIsForgotten() {
        PreparedMessages prepared = new PreparedMessages();
        prepared.put("g1", messages("g1", 1, 10));

        prepared.forget("g1");

        assertThat(prepared.take("g1", 1)).isNull();
    }
}
