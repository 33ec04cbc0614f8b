package io.lottor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.client.db.H2Database;
import io.lottor.client.fake.FakeCoordinator;
import io.lottor.protocol.v1.CheckBack;
import io.lottor.protocol.v1.CheckBackReply;
import io.lottor.protocol.v1.ClientFrame;
import io.lottor.protocol.v1.ServerFrame;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LottorClientCheckBackTest {
    private FakeCoordinator coordinator;
    private LottorClient client;

    @BeforeEach
    void startCoordinator() throws Exception {
        coordinator = new FakeCoordinator().start(0);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        coordinator.close();
    }

    @Test
    void answersWithTheHandlersState() {
        client = connect(LottorClient.builder().checkBackHandler(group ->
                group.endsWith("-c") ? CheckBackState.COMMITTED : CheckBackState.ROLLED_BACK));

        checkBack("answersWithTheHandlersState-c");
        checkBack("answersWithTheHandlersState-r");

        assertThat(awaitReply("answersWithTheHandlersState-c").getState()).isEqualTo(CheckBackReply.State.COMMITTED);
        assertThat(awaitReply("answersWithTheHandlersState-r").getState()).isEqualTo(CheckBackReply.State.ROLLED_BACK);
    }

    @Test
    void answersUnknownWithTheErrorWhenTheHandlerThrows() {
        client = connect(LottorClient.builder().checkBackHandler(group -> {
            throw new IllegalStateException("database down");
        }));

        checkBack("answersUnknownWhenTheHandlerThrows");

        CheckBackReply reply = awaitReply("answersUnknownWhenTheHandlerThrows");
        assertThat(reply.getState()).isEqualTo(CheckBackReply.State.UNKNOWN);
        assertThat(reply.getError()).contains("database down");
    }

    @Test
    void runsOneCheckAtATimePerGroupWhileTheFirstIsStillWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger checks = new AtomicInteger();
        client = connect(LottorClient.builder().checkBackHandler(group -> {
            if (group.equals("marker")) {
                return CheckBackState.ROLLED_BACK;
            }
            checks.incrementAndGet();
            release.await(10, TimeUnit.SECONDS);
            return CheckBackState.COMMITTED;
        }));

        checkBack("runsOneCheckAtATime");
        await().atMost(Duration.ofSeconds(10)).until(() -> checks.get() == 1);
        checkBack("runsOneCheckAtATime");
        checkBack("runsOneCheckAtATime");
        checkBack("marker");
        awaitReply("marker"); // frames arrive in order: the repeats reached the client before the marker
        release.countDown();

        assertThat(awaitReply("runsOneCheckAtATime").getState()).isEqualTo(CheckBackReply.State.COMMITTED);
        assertThat(checks.get()).as("repeats that arrived while the first check ran").isEqualTo(1);
        checkBack("runsOneCheckAtATime");
        await().atMost(Duration.ofSeconds(10)).until(() -> checks.get() == 2);
    }

    @Test
    void answersFromTheJdbcBarrier() throws Exception {
        try (H2Database database = new H2Database("checkback" + System.nanoTime())) {
            JdbcBarrier barrier = new JdbcBarrier(database.dataSource());
            try (Connection producer = database.dataSource().getConnection()) {
                producer.setAutoCommit(false);
                barrier.insertCommitted(producer, "answersFromTheJdbcBarrier-c");
                producer.commit();
            }
            client = connect(LottorClient.builder().barrier(barrier));

            checkBack("answersFromTheJdbcBarrier-c");
            checkBack("answersFromTheJdbcBarrier-unknown");

            assertThat(awaitReply("answersFromTheJdbcBarrier-c").getState()).isEqualTo(CheckBackReply.State.COMMITTED);
            assertThat(awaitReply("answersFromTheJdbcBarrier-unknown").getState())
                    .isEqualTo(CheckBackReply.State.ROLLED_BACK);
        }
    }

    private LottorClient connect(LottorClient.Builder builder) {
        LottorClient built = builder.target(coordinator.target()).service("user").build();
        assertThat(built.awaitConnected(Duration.ofSeconds(10))).isTrue();
        return built;
    }

    private void checkBack(String group) {
        coordinator.push(ServerFrame.newBuilder().setCheckBack(CheckBack.newBuilder().setGroupId(group)).build());
    }

    private CheckBackReply awaitReply(String group) {
        await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.frames.stream()
                .anyMatch(frame -> frame.hasCheckBackReply() && frame.getCheckBackReply().getGroupId().equals(group)));
        return coordinator.frames.stream().filter(ClientFrame::hasCheckBackReply).map(ClientFrame::getCheckBackReply)
                .filter(reply -> reply.getGroupId().equals(group)).findFirst().orElseThrow();
    }
}
