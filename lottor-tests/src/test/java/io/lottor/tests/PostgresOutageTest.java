package io.lottor.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lottor.client.LottorClient;
import io.lottor.protocol.v1.CommitRequest;
import io.lottor.protocol.v1.GetGroupRequest;
import io.lottor.protocol.v1.Group;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.tests.support.Inspector;
import io.lottor.tests.support.ServerDatabase;
import io.lottor.tests.support.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL database of a real server process goes away under load (its sessions ended with
 * pg_terminate_backend, new ones refused) and comes back: meanwhile RPCs answer UNAVAILABLE and
 * {@code /health/ready} is DOWN; afterwards RPCs, delivery and readiness resume by themselves, every
 * acknowledged group is kept, and every committed message is delivered. A delivery whose outcome was
 * being stored as the database went away stays IN_FLIGHT in the store until it is taken back (at the
 * latest when the server restarts, which this test does last), so the messages committed before the
 * outage are checked after a restart, those committed after it without one.
 */
class PostgresOutageTest {
    private static final int PRODUCERS = 2;
    private static final int GROUPS_PER_PRODUCER = 2_000;
    private static final int COMMITTED_BEFORE_OUTAGE = 50;
    private static final int UNAVAILABLE_DURING_OUTAGE = 5;
    private static final int COMMITTED_AFTER_OUTAGE = 50;
    private static final Duration LOAD_TIME_LIMIT = Duration.ofSeconds(150);

    @TempDir
    Path dir;

    private final Set<String> prepared = ConcurrentHashMap.newKeySet();
    private final Set<String> committed = ConcurrentHashMap.newKeySet();
    private final Set<String> committedAfterTheOutage = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean databaseBack = new AtomicBoolean();
    private final Set<String> consumed = ConcurrentHashMap.newKeySet();
    private final Map<Status.Code, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    @Test
    void rpcsAnswerUnavailableWhileTheDatabaseIsAwayAndEverythingResumesWhenItIsBack() throws Exception {
        ExecutorService load = Executors.newFixedThreadPool(PRODUCERS);
        try (ServerDatabase database = ServerDatabase.create(ServerDatabase.Kind.POSTGRES, "outage");
             ServerProcess server = ServerProcess.start("postgres-outage", dir.resolve("server"),
                     flags(database, "--retry-initial-backoff", "200ms", "--retry-max-backoff", "2s"));
             Inspector inspector = new Inspector(server);
             LottorClient consumer = LottorClient.builder().target(server.target()).service("ledger")
                     .instanceId("ledger-1").build()) {
            consumer.subscribe("record-order", Map.class, (payload, context) -> consumed.add(context.groupId()));
            List<Future<?>> producers = new ArrayList<>();
            long deadline = System.nanoTime() + LOAD_TIME_LIMIT.toNanos();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                producers.add(load.submit(() -> produce(inspector, producer, deadline)));
            }
            awaitCommitted(COMMITTED_BEFORE_OUTAGE);
            String keptGroup = committed.iterator().next();

            database.refuseConnections(true);
            database.terminateConnections();

            await("RPCs answer UNAVAILABLE").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> failuresOf(Status.Code.UNAVAILABLE) >= UNAVAILABLE_DURING_OUTAGE);
            await("/health/ready is DOWN").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> inspector.get("/health/ready").status() == 503);
            assertThatThrownBy(() -> getGroup(inspector, keptGroup)).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));

            database.refuseConnections(false);

            await("/health/ready is UP again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> inspector.get("/health/ready").status() == 200);
            databaseBack.set(true);
            await("groups committed after the outage").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> committedAfterTheOutage.size() >= COMMITTED_AFTER_OUTAGE);
            stop.set(true);
            for (Future<?> producer : producers) {
                producer.get(LOAD_TIME_LIMIT.toSeconds() + 30, TimeUnit.SECONDS);
            }

            assertThat(failures.keySet()).as("status codes of failed RPCs").containsOnly(Status.Code.UNAVAILABLE);
            for (String groupId : prepared) {
                assertThat(inspector.group(groupId)).as("acknowledged-prepared group %s", groupId).isPresent();
            }
            for (String groupId : committed) {
                assertThat(inspector.existingGroup(groupId).getState()).as("acknowledged-committed group %s", groupId)
                        .isIn(GroupState.COMMITTED, GroupState.COMPLETED);
            }
            awaitDelivered(inspector, committedAfterTheOutage);

            server.kill9();
            server.restart();
            awaitDelivered(inspector, committed);
        } finally {
            stop.set(true);
            load.shutdownNow();
        }
    }

    private static String[] flags(ServerDatabase database, String... more) {
        List<String> flags = new ArrayList<>(database.serverFlags());
        flags.addAll(List.of(more));
        return flags.toArray(String[]::new);
    }

    private void awaitDelivered(Inspector inspector, Set<String> groups) {
        await("every committed message delivered").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(consumed).containsAll(groups);
                    for (String groupId : groups) {
                        assertThat(inspector.group(groupId).map(Group::getState)).as("group %s", groupId)
                                .isEqualTo(Optional.of(GroupState.COMPLETED));
                    }
                });
    }

    private void awaitCommitted(int count) {
        await("groups committed: " + count).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                .until(() -> committed.size() >= count);
    }

    private int failuresOf(Status.Code code) {
        AtomicInteger count = failures.get(code);
        return count == null ? 0 : count.get();
    }

    /** Prepares and commits groups over raw gRPC in a bounded loop, recording what was acknowledged and what failed. */
    private void produce(Inspector inspector, int producer, long deadline) {
        for (int i = 0; i < GROUPS_PER_PRODUCER && !stop.get() && System.nanoTime() < deadline; i++) {
            String groupId = "rpcsAnswerUnavailableWhileTheDatabaseIsAway-p" + producer + "-" + i;
            try {
                inspector.stub().prepare(prepareRequest(groupId));
                prepared.add(groupId);
                boolean afterTheOutage = databaseBack.get();
                inspector.stub().commit(CommitRequest.newBuilder().setGroupId(groupId).build());
                committed.add(groupId);
                if (afterTheOutage) {
                    committedAfterTheOutage.add(groupId);
                }
            } catch (StatusRuntimeException e) {
                failures.computeIfAbsent(e.getStatus().getCode(), code -> new AtomicInteger()).incrementAndGet();
                throttle();
            }
        }
    }

    private static PrepareRequest prepareRequest(String groupId) {
        return PrepareRequest.newBuilder().setGroupId(groupId).setSource("orders").setInstanceId("orders-1")
                .setCheckAfterMs(600_000)
                .addMessages(Message.newBuilder().setMessageId("m1").setTarget("ledger").setMethod("record-order")
                        .setPayload(ByteString.copyFrom("{\"order\":\"" + groupId + "\"}", StandardCharsets.UTF_8)))
                .build();
    }

    private static Group getGroup(Inspector inspector, String groupId) {
        return inspector.stub().getGroup(GetGroupRequest.newBuilder().setGroupId(groupId).build());
    }

    /** A failed producer backs off a little instead of spinning on a database that is away. */
    private static void throttle() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
