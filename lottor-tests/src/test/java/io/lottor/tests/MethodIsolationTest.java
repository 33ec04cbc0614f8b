package io.lottor.tests;

import java.time.Duration;
import java.util.List;

import io.lottor.protocol.v1.Delivery;
import io.lottor.protocol.v1.GroupMessage;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.MessageState;
import io.lottor.tests.support.RawConsumer;
import io.lottor.tests.support.RawProducer;
import io.lottor.tests.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A committed message whose method no live session handles waits READY without holding up the other
 * methods of its target: the only consumer of {@code auth-service} subscribes to {@code a}, while
 * thousands of messages (or many mebibytes) for {@code b} wait.
 */
class MethodIsolationTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(60);
    private static final int MIB = 1 << 20;

    @RegisterExtension
    static final RunningServer server = new RunningServer("method-isolation",
            "--retry-initial-backoff", "200ms", "--retry-max-backoff", "1s");

    @Test
    void consumesMessageOfSubscribedMethodCommittedBehindSixtyFiveMebibytesOfAnotherMethod() throws Exception {
        String target = "auth-isolated-bytes";
        try (RawProducer producer = new RawProducer(server.target(), "user-isolated-bytes");
             RawConsumer consumer = RawConsumer.reading(server.target(), target, "auth-bytes-1", 8, List.of("a"))) {
            List<String> waiting = producer.commitMany("consumesBehindSixtyFiveMebibytes-b", 65, target, "b", MIB, 4);
            String groupId = "consumesBehindSixtyFiveMebibytes-a";
            producer.commit(groupId, target, "a", 100);

            Delivery delivery = consumer.nextDelivery(EVENTUALLY.toMillis());
            assertThat(delivery).as("the delivery of method a").isNotNull();
            assertThat(delivery.getGroupId()).isEqualTo(groupId);
            consumer.succeed(delivery);

            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.COMPLETED));
            assertThat(server.inspector().firstMessage(waiting.get(64)).getState()).isEqualTo(MessageState.READY);
        }
    }

    @Test
    void retriesFailedMessageOfSubscribedMethodWhileThousandsOfAnotherMethodWait() throws Exception {
        String target = "auth-isolated-count";
        try (RawProducer producer = new RawProducer(server.target(), "user-isolated-count");
             RawConsumer consumer = RawConsumer.reading(server.target(), target, "auth-count-1", 8, List.of("a"))) {
            List<String> waiting = producer.commitMany("retriesBehindThousands-b", 2_500, target, "b", 64, 8);
            String groupId = "retriesBehindThousands-a";
            producer.commit(groupId, target, "a", 64);

            Delivery first = consumer.nextDelivery(EVENTUALLY.toMillis());
            assertThat(first).as("the first delivery of method a").isNotNull();
            assertThat(first.getGroupId()).isEqualTo(groupId);
            consumer.fail(first, "the database of auth-service is down");
            Delivery retry = consumer.nextDelivery(EVENTUALLY.toMillis());
            assertThat(retry).as("the retry of method a").isNotNull();
            assertThat(retry.getGroupId()).isEqualTo(groupId);
            assertThat(retry.getAttempt()).isEqualTo(2);
            consumer.succeed(retry);

            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.COMPLETED));
            GroupMessage message = server.inspector().firstMessage(groupId);
            assertThat(message.getAttempts()).isEqualTo(2);
            assertThat(server.inspector().firstMessage(waiting.get(2_499)).getState()).isEqualTo(MessageState.READY);
        }
    }
}
