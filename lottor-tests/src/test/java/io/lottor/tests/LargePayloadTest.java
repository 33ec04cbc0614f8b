package io.lottor.tests;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.lottor.client.CheckBackState;
import io.lottor.client.LottorClient;
import io.lottor.client.TransactionGroup;
import io.lottor.protocol.v1.GroupState;
import io.lottor.tests.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server that permits payloads above gRPC's 4 MiB default message size delivers such a payload to a
 * consumer: the client's inbound limit follows the server's (told in Welcome), so the session survives.
 */
class LargePayloadTest {
    private static final int PAYLOAD_BYTES = 5 * 1024 * 1024 + 17;

    @RegisterExtension
    static final RunningServer server = new RunningServer("large-payload",
            "--max-payload-bytes", Integer.toString(8 * 1024 * 1024), "--max-request-bytes", Integer.toString(16 * 1024 * 1024));

    @Test
    void consumesAPayloadAboveGrpcsDefaultLimitOnAnIntactSession() throws Exception {
        String groupId = "consumesAPayloadAboveGrpcsDefaultLimit";
        byte[] payload = new byte[PAYLOAD_BYTES];
        Arrays.fill(payload, (byte) 'x');
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        try (LottorClient consumer = LottorClient.builder().target(server.target()).service("archive")
                .instanceId("archive-1").startOnBuild(false).build();
             LottorClient producer = LottorClient.builder().target(server.target()).service("uploads")
                     .instanceId("uploads-1").checkBackHandler(id -> CheckBackState.COMMITTED).build()) {
            consumer.subscribe("store-file", byte[].class, (bytes, context) -> received.complete(bytes));
            consumer.start();
            assertThat(consumer.awaitConnected(Duration.ofSeconds(30))).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.inspector().sessions("archive").size() == 1);
            Instant sent = Instant.now();

            TransactionGroup group = producer.begin(groupId);
            group.sendRaw("archive", "store-file", payload, "application/octet-stream");
            group.prepare();
            group.commit();

            assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(payload);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.COMPLETED));
            List<JsonNode> sessions = server.inspector().sessions("archive");
            assertThat(sessions).as("the consumer's session").singleElement().satisfies(session ->
                    assertThat(Instant.parse(session.get("connected_at").asText())).isBefore(sent));
            assertThat(consumer.isConnected()).isTrue();
        }
    }
}
