package io.lottor.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboundBudgetTest {
    private final List<String> granted = new ArrayList<>();

    @Test
    void reservationsPastTheBudgetWaitInTheirOrderAndAreGrantedAsBytesComeBack() {
        InboundBudget budget = new InboundBudget(10, 2);
        InboundBudget.Ticket first = budget.reserve(6, () -> granted.add("first"));
        InboundBudget.Ticket second = budget.reserve(6, () -> granted.add("second"));
        InboundBudget.Ticket third = budget.reserve(2, () -> granted.add("third"));

        assertThat(first.state()).isEqualTo(InboundBudget.State.GRANTED);
        assertThat(second.state()).isEqualTo(InboundBudget.State.WAITING);
        assertThat(third.state()).as("no overtaking a waiting reservation").isEqualTo(InboundBudget.State.WAITING);
        first.close();
        assertThat(granted).containsExactly("second", "third");
        assertThat(budget.reserved()).isEqualTo(8);
    }

    @Test
    void reservationsPastTheWaitingBoundAreRefusedAndALeavingWaiterFreesItsPlace() {
        InboundBudget budget = new InboundBudget(10, 1);
        InboundBudget.Ticket holder = budget.reserve(10, () -> { });
        InboundBudget.Ticket waiter = budget.reserve(5, () -> granted.add("waiter"));

        assertThat(budget.reserve(5, () -> { }).state()).isEqualTo(InboundBudget.State.REFUSED);
        assertThat(budget.tryReserve(1).state()).isEqualTo(InboundBudget.State.REFUSED);
        waiter.close();
        assertThat(budget.reserve(5, () -> granted.add("next")).state()).isEqualTo(InboundBudget.State.WAITING);
        holder.close();
        assertThat(granted).containsExactly("next");
    }

    @Test
    void aReservationLargerThanTheBudgetIsGrantedAloneAndClosingTwiceGivesBackOnce() {
        InboundBudget budget = new InboundBudget(10, 4);
        InboundBudget.Ticket huge = budget.reserve(50, () -> { });
        assertThat(huge.state()).isEqualTo(InboundBudget.State.GRANTED);
        assertThat(budget.tryReserve(1).state()).isEqualTo(InboundBudget.State.REFUSED);

        huge.close();
        huge.close();
        assertThat(budget.reserved()).isZero();
        assertThat(budget.tryReserve(10).state()).isEqualTo(InboundBudget.State.GRANTED);
    }
}
