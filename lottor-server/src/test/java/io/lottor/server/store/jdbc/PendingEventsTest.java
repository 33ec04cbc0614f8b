package io.lottor.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.model.EventKind;
import org.junit.jupiter.api.Test;

class PendingEventsTest {
    private final PendingEvents events = new PendingEvents();

    @Test
    void aWriteRolledBackTakesOnlyItsOwnEventsAway() {
        events.markWrite();
        events.add(event("g1"));
        events.markWrite();
        events.add(event("g2"));
        events.rollBackWrite();
        events.markWrite();
        events.add(event("g3"));

        assertThat(events.take()).extracting(PendingEvents.Row::groupId).containsExactly("g1", "g3");
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void earlierWritesEventsInsertedInsideARolledBackWriteArePendingAgain() {
        events.markWrite();
        events.add(event("g1"));
        events.markWrite();
        events.add(event("g2"));
        assertThat(events.take()).as("a statement of g2's write reads history").hasSize(2);
        events.add(event("g2-after"));
        events.rollBackWrite();

        assertThat(events.take()).as("the database dropped g1's row with g2's savepoint").extracting(PendingEvents.Row::groupId)
                .containsExactly("g1");
    }

    @Test
    void eventsInsertedBeforeAWritesSavepointStayInserted() {
        events.markWrite();
        events.add(event("g1"));
        events.take();
        events.markWrite();
        events.add(event("g2"));
        events.rollBackWrite();

        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void aBatchRolledBackAsAWholeLeavesNothingPending() {
        events.markWrite();
        events.add(event("g1"));
        events.clear();

        assertThat(events.take()).isEmpty();
    }

    private static PendingEvents.Row event(String groupId) {
        return new PendingEvents.Row(groupId, null, 1L, EventKind.PREPARED, "producer", null, null);
    }
}
