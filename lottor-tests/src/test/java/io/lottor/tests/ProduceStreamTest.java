package io.lottor.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.client.CheckBackState;
import io.lottor.client.LottorClient;
import io.lottor.client.TransactionGroup;
import io.lottor.protocol.v1.GroupState;
import io.lottor.tests.support.RunningServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Java client sends Prepare, Commit and Rollback to a real server on its Produce stream, not as unary
 * calls (the server counts the calls its Produce streams receive), and each acts as the unary call would.
 */
class ProduceStreamTest {
    @RegisterExtension
    static final RunningServer server = new RunningServer("produce-stream");

    @Test
    void theJavaClientPreparesCommitsAndRollsBackOnTheProduceStream() throws Exception {
        try (LottorClient producer = LottorClient.builder().target(server.target()).service("orders")
                .instanceId("orders-1").checkBackHandler(groupId -> CheckBackState.UNKNOWN).build()) {
            TransactionGroup committed = producer.begin("produce-stream-committed");
            committed.send("billing", "charge", Map.of("amount", 1));
            committed.prepare();
            committed.commit();
            TransactionGroup rolledBack = producer.begin("produce-stream-rolled-back");
            rolledBack.send("billing", "charge", Map.of("amount", 2));
            rolledBack.prepare();
            rolledBack.rollback("the test rolls it back");
        }

        assertThat(server.inspector().existingGroup("produce-stream-committed").getState())
                .isEqualTo(GroupState.COMMITTED);
        assertThat(server.inspector().existingGroup("produce-stream-rolled-back").getState())
                .isEqualTo(GroupState.ROLLED_BACK);
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.process().httpUri("/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(streamCalls(metrics, "prepare")).isEqualTo(2);
        assertThat(streamCalls(metrics, "commit")).isEqualTo(1);
        assertThat(streamCalls(metrics, "rollback")).isEqualTo(1);
    }

    private static double streamCalls(String metrics, String call) {
        Matcher line = Pattern.compile("(?m)^lottor_produce_stream_calls_total\\{[^}]*call=\"" + call + "\"[^}]*} (\\S+)$")
                .matcher(metrics);
        assertThat(line.find()).as("the %s counter is exported", call).isTrue();
        return Double.parseDouble(line.group(1));
    }
}
