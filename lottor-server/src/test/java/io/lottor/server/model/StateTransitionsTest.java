package io.lottor.server.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StateTransitionsTest {

    @Test
    void groupMovesOnlyAlongPreparedCommittedCompletedOrRolledBack() {
        assertThat(GroupState.PREPARED.canMoveTo(GroupState.COMMITTED)).isTrue();
        assertThat(GroupState.PREPARED.canMoveTo(GroupState.ROLLED_BACK)).isTrue();
        assertThat(GroupState.COMMITTED.canMoveTo(GroupState.COMPLETED)).isTrue();

        assertThat(GroupState.COMMITTED.canMoveTo(GroupState.ROLLED_BACK)).isFalse();
        assertThat(GroupState.ROLLED_BACK.canMoveTo(GroupState.COMMITTED)).isFalse();
        assertThat(GroupState.PREPARED.canMoveTo(GroupState.COMPLETED)).isFalse();
        for (GroupState next : GroupState.values()) {
            assertThat(GroupState.COMPLETED.canMoveTo(next)).isFalse();
            assertThat(GroupState.ROLLED_BACK.canMoveTo(next)).isFalse();
        }
    }

    @Test
    void messageIsDeliveredOnlyAfterCommitAndCancelledOnlyBeforeIt() {
        assertThat(MessageState.PENDING.canMoveTo(MessageState.READY)).isTrue();
        assertThat(MessageState.PENDING.canMoveTo(MessageState.CANCELLED)).isTrue();
        assertThat(MessageState.PENDING.canMoveTo(MessageState.IN_FLIGHT)).isFalse();
        assertThat(MessageState.READY.canMoveTo(MessageState.CANCELLED)).isFalse();
        assertThat(MessageState.READY.canMoveTo(MessageState.IN_FLIGHT)).isTrue();
        assertThat(MessageState.IN_FLIGHT.canMoveTo(MessageState.CONSUMED)).isTrue();
        assertThat(MessageState.IN_FLIGHT.canMoveTo(MessageState.FAILED)).isTrue();
        assertThat(MessageState.FAILED.canMoveTo(MessageState.IN_FLIGHT)).isTrue();
        assertThat(MessageState.IN_FLIGHT.canMoveTo(MessageState.DEAD)).isTrue();
        assertThat(MessageState.DEAD.canMoveTo(MessageState.READY)).as("operator retry").isTrue();
        assertThat(MessageState.DEAD.canMoveTo(MessageState.CONSUMED)).as("late success").isTrue();
        for (MessageState next : MessageState.values()) {
            assertThat(MessageState.CONSUMED.canMoveTo(next)).isFalse();
            assertThat(MessageState.CANCELLED.canMoveTo(next)).isFalse();
        }
    }
}
