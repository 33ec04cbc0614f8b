package io.lottor.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lottor.client.CheckBackState;
import io.lottor.client.LottorClient;
import io.lottor.client.TransactionGroup;
import io.lottor.protocol.v1.CommitRequest;
import io.lottor.protocol.v1.Group;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.tests.support.Barrier;
import io.lottor.tests.support.Effects;
import io.lottor.tests.support.ServerCluster;
import io.lottor.tests.support.ServerDatabase;
import io.lottor.tests.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real server processes on one database of the test class's own (dropped after it), on the
 * machine's PostgreSQL or MariaDB; producers and consumers are Java clients listing the three servers (or
 * one of them), consumers apply each message with the idempotent helper into their own database, where
 * every effect leaves a row. Servers are killed with kill -9 and the database is taken away; a server a
 * test killed is started again before the next test. A backend's test class only names its
 * {@link ServerDatabase.Kind}. The time the survivors took to take over a dead server's deliveries is
 * printed ({@code TAKEOVER …}), never asserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterScenariosTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(120);
    private static final Duration LOAD_TIME_LIMIT = Duration.ofSeconds(150);
    private static final String METHOD = "record";

    @TempDir
    static Path dir;
    private ServerDatabase database;
    ServerCluster cluster;

    /** The database server the three servers share. */
    protected abstract ServerDatabase.Kind kind();

    @BeforeAll
    void startThreeServersOnOneDatabase() {
        database = ServerDatabase.create(kind(), "cluster");
        cluster = ServerCluster.start(getClass().getSimpleName(), 3, dir, database, "--ack-timeout", "5s",
                "--retry-initial-backoff", "200ms", "--retry-max-backoff", "2s", "--check-after", "5s");
    }

    @BeforeEach
    void everyServerRuns() {
        cluster.restartDead();
    }

    @AfterAll
    void stopServersAndDropDatabase() throws SQLException {
        if (cluster != null) {
            cluster.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aGroupPreparedThroughOneServerIsCommittedThroughAnotherAndConsumedThroughTheThird() throws Exception {
        String groupId = "preparedOnACommittedOnBConsumedViaC";
        Effects effects = Effects.open(dir.resolve("effects-abc.db"));
        try (LottorClient consumer = consumer("ledger-abc", "ledger-abc-1", cluster.server(2).target(), effects)) {
            cluster.inspector(0).stub().prepare(prepareRequest(groupId, "orders-abc", "ledger-abc", 600_000));
            cluster.inspector(1).stub().commit(CommitRequest.newBuilder().setGroupId(groupId).build());

            await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(cluster.inspector(0).existingGroup(groupId)
                    .getState()).isEqualTo(GroupState.COMPLETED));
            assertThat(cluster.inspector(1).firstMessage(groupId).getConsumedBy()).isEqualTo("ledger-abc-1");
            assertThat(effects.of(groupId)).isEqualTo(1);
            JsonNode session = cluster.inspector(0).sessions("ledger-abc").get(0);
            assertThat(session.get("server_id").asText()).as("listed by A on C").isEqualTo(cluster.server(2).serverId());
            assertThat(session.get("self").asBoolean()).isFalse();
        }
    }

    @Test
    void killingTwoServersUnderLoadLosesNothingAcknowledgedAndAppliesEveryCommittedEffectOnce() throws Exception {
        Load load = new Load("killTwoServers");
        Effects effects = Effects.open(dir.resolve("effects-kill.db"));
        ExecutorService producers = Executors.newFixedThreadPool(3);
        try (LottorClient first = consumer("ledger-kill", "ledger-kill-1", cluster.targets(), effects);
             LottorClient second = consumer("ledger-kill", "ledger-kill-2", cluster.targets(), effects);
             LottorClient producer = LottorClient.builder().target(cluster.targets()).service("orders-kill")
                     .instanceId("orders-kill-1").checkBackHandler(load::intended).build()) {
            assertThat(producer.awaitConnected(Duration.ofSeconds(30))).isTrue();
            List<Future<?>> running = load.start(producers, 3, index -> load.produce(producer, index, "ledger-kill"));
            load.awaitCommitted(40);

            Takeover firstKill = killTheServerWithTheMostDeliveriesInFlight();
            load.awaitCommitted(load.committed.size() + 40);
            Takeover secondKill = killTheServerWithTheMostDeliveriesInFlight();
            load.awaitCommitted(load.committed.size() + 40);
            load.stop.set(true);
            for (Future<?> thread : running) {
                thread.get(LOAD_TIME_LIMIT.toSeconds() + 30, TimeUnit.SECONDS);
            }

            int survivor = cluster.anyLive();
            load.assertAcknowledgedStatesKept(cluster, survivor);
            load.awaitEverythingSettled(cluster, survivor);
            assertEffectsAppliedOnce(effects, load);
            firstKill.report(kind() + " first kill");
            secondKill.report(kind() + " second kill");
            assertThat(firstKill.owned.size() + secondKill.owned.size()).as("deliveries in flight on the killed servers")
                    .isPositive();
        } finally {
            load.stop.set(true);
            producers.shutdownNow();
        }
    }

    @Test
    void aProducerWhoseServerDiedAnswersTheCheckBackOfItsUnconfirmedGroupThroughItsNewSession() throws Exception {
        String groupId = "unconfirmedGroupOfAProducerWhoseServerDied";
        TestDatabase orders = TestDatabase.open(dir.resolve("orders-failover.db"), TestDatabase.USER_SCHEMA);
        Effects effects = Effects.open(dir.resolve("effects-failover.db"));
        try (LottorClient consumer = consumer("ledger-failover", "ledger-failover-1", cluster.targets(), effects);
             LottorClient producer = LottorClient.builder().target(cluster.targets()).service("orders-failover")
                     .instanceId("orders-failover-1").barrier(orders.dataSource()).checkAfter(Duration.ofSeconds(5))
                     .build()) {
            assertThat(producer.awaitConnected(Duration.ofSeconds(30))).isTrue();
            int holder = await().atMost(Duration.ofSeconds(30)).until(
                    () -> cluster.holderOf("orders-failover", "orders-failover-1"), OptionalInt::isPresent).getAsInt();
            TransactionGroup group = producer.begin(groupId);
            group.send("ledger-failover", METHOD, Map.of("order", groupId));
            group.prepare();
            commitLocallyWithoutConfirming(orders, groupId);

            cluster.server(holder).kill9();

            await("the producer's session on another server").atMost(Duration.ofSeconds(30))
                    .until(() -> cluster.holderOf("orders-failover", "orders-failover-1"),
                            now -> now.isPresent() && now.getAsInt() != holder);
            int survivor = cluster.anyLive();
            await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(cluster.inspector(survivor).existingGroup(groupId)
                    .getState()).isEqualTo(GroupState.COMPLETED));
            assertThat(cluster.inspector(survivor).existingGroup(groupId).getCheckBacks()).isPositive();
            assertThat(effects.of(groupId)).isEqualTo(1);
        }
    }

    @Test
    void whileTheDatabaseIsAwayRpcsAnswerUnavailableAndEverythingResumesWhenItIsBack() throws Exception {
        Load load = new Load("databaseAway");
        Effects effects = Effects.open(dir.resolve("effects-outage.db"));
        ExecutorService producers = Executors.newFixedThreadPool(cluster.size());
        try (LottorClient consumer = consumer("ledger-outage", "ledger-outage-1", cluster.targets(), effects);
             LottorClient checkBacks = LottorClient.builder().target(cluster.targets()).service("orders-outage")
                     .instanceId("orders-outage-1").checkBackHandler(load::intended).build()) {
            assertThat(checkBacks.awaitConnected(Duration.ofSeconds(30))).isTrue();
            List<Future<?>> running = load.start(producers, cluster.size(),
                    index -> load.produceRaw(index, "ledger-outage"));
            load.awaitCommitted(30);

            database.refuseConnections(true);
            database.terminateConnections();
            await("RPCs answer UNAVAILABLE").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> load.failuresOf(Status.Code.UNAVAILABLE) >= 5);
            for (int i = 0; i < cluster.size(); i++) {
                int server = i;
                await("/health/ready of server " + i + " is DOWN").atMost(Duration.ofSeconds(60))
                        .until(() -> cluster.inspector(server).get("/health/ready").status() == 503);
            }
            database.refuseConnections(false);
            for (int i = 0; i < cluster.size(); i++) {
                int server = i;
                await("/health/ready of server " + i + " is UP").atMost(Duration.ofSeconds(60))
                        .until(() -> cluster.inspector(server).get("/health/ready").status() == 200);
            }
            load.databaseBack.set(true);
            await("groups committed after the outage").atMost(Duration.ofSeconds(90))
                    .until(() -> load.committedAfterTheOutage.size() >= 30);
            load.stop.set(true);
            for (Future<?> thread : running) {
                thread.get(LOAD_TIME_LIMIT.toSeconds() + 30, TimeUnit.SECONDS);
            }

            assertThat(load.failures.keySet()).as("status codes of failed RPCs").containsOnly(Status.Code.UNAVAILABLE);
            load.assertAcknowledgedStatesKept(cluster, 0);
            load.awaitEverythingSettled(cluster, 0);
            assertEffectsAppliedOnce(effects, load);
        } finally {
            load.stop.set(true);
            producers.shutdownNow();
            database.refuseConnections(false);
        }
    }

    /**
     * Kills -9 the running server that owns the most IN_FLIGHT messages (any running server if none owns
     * any), keeping at least one running; answers what it owned, to time the takeover.
     */
    private Takeover killTheServerWithTheMostDeliveriesInFlight() throws SQLException {
        List<Integer> live = cluster.live();
        assertThat(live).as("a server to kill and one to survive").hasSizeGreaterThan(1);
        int victim = live.get(0);
        long most = -1;
        for (int index : live) {
            long owned = database.count("SELECT COUNT(*) FROM lottor_message WHERE state = 'IN_FLIGHT' AND owner = ?",
                    cluster.server(index).serverId());
            if (owned > most) {
                most = owned;
                victim = index;
            }
        }
        String serverId = cluster.server(victim).serverId();
        cluster.server(victim).kill9();
        long killedAt = System.nanoTime();
        List<String> owned = database.strings("SELECT group_id FROM lottor_message WHERE state = 'IN_FLIGHT'"
                + " AND owner = ?", serverId);
        return new Takeover(serverId, owned, killedAt);
    }

    private void assertEffectsAppliedOnce(Effects effects, Load load) {
        for (String groupId : load.intendedCommitted()) {
            assertThat(effects.of(groupId)).as("effects of committed group %s", groupId).isEqualTo(1);
        }
        for (String groupId : load.intendedRolledBack()) {
            assertThat(effects.of(groupId)).as("effects of rolled-back group %s", groupId).isZero();
        }
        assertThat(effects.total()).as("no message applied twice").isEqualTo(effects.distinct());
    }

    LottorClient consumer(String service, String instanceId, String targets, Effects effects) {
        LottorClient consumer = LottorClient.builder().target(targets).service(service).instanceId(instanceId)
                .maxInFlight(4).build();
        consumer.subscribe(METHOD, Map.class, effects.database().dataSource(), (connection, payload, context) -> {
            Effects.apply(connection, context.groupId(), context.messageId());
            Thread.sleep(20);
        });
        assertThat(consumer.awaitConnected(Duration.ofSeconds(30))).as("consumer %s connected", instanceId).isTrue();
        return consumer;
    }

    private static void commitLocallyWithoutConfirming(TestDatabase orders, String groupId) throws SQLException {
        Barrier barrier = new Barrier(orders.dataSource());
        try (Connection connection = orders.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            TestDatabase.insertUser(connection, groupId + "-user", "admin");
            barrier.insertCommitted(connection, groupId);
            connection.commit();
        }
    }

    static PrepareRequest prepareRequest(String groupId, String source, String target, long checkAfterMs) {
        return PrepareRequest.newBuilder().setGroupId(groupId).setSource(source).setInstanceId(source + "-1")
                .setCheckAfterMs(checkAfterMs)
                .addMessages(Message.newBuilder().setMessageId("m1").setTarget(target).setMethod(METHOD)
                        .setPayload(ByteString.copyFrom("{\"order\":\"" + groupId + "\"}", StandardCharsets.UTF_8)))
                .build();
    }

    /**
     * The deliveries a killed server owned, and how long the survivors took to take them over: until none
     * of them is IN_FLIGHT under the dead server (its leases ended and were expired), and until every one
     * of them was consumed again. Watched on a thread of its own from the kill on, while the load goes on.
     */
    private final class Takeover {
        private final String serverId;
        private final List<String> owned;
        private final long killedAt;
        private final CompletableFuture<Long> released;
        private final CompletableFuture<Long> consumed;

        Takeover(String serverId, List<String> owned, long killedAt) {
            this.serverId = serverId;
            this.owned = owned;
            this.killedAt = killedAt;
            this.released = CompletableFuture.supplyAsync(() -> afterKill(() -> database.count("SELECT COUNT(*) FROM"
                    + " lottor_message WHERE state = 'IN_FLIGHT' AND owner = ?", serverId) == 0));
            this.consumed = released.thenApplyAsync(ignored -> afterKill(() -> owned.stream().allMatch(this::consumed)));
        }

        /** Waits (bounded) until {@code condition} holds; answers the milliseconds since the kill. */
        private long afterKill(java.util.concurrent.Callable<Boolean> condition) {
            await("the dead server's deliveries taken over").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100))
                    .until(condition);
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        }

        private boolean consumed(String groupId) {
            try {
                return database.count("SELECT COUNT(*) FROM lottor_message WHERE group_id = ? AND state <> 'CONSUMED'",
                        groupId) == 0;
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        }

        void report(String what) throws Exception {
            System.out.printf("TAKEOVER %s: server %s owned %d deliveries in flight; its leases were taken over after"
                    + " %d ms, all of them consumed after %d ms (ack timeout 5 s)%n", what, serverId, owned.size(),
                    released.get(EVENTUALLY.toSeconds(), TimeUnit.SECONDS),
                    consumed.get(EVENTUALLY.toSeconds(), TimeUnit.SECONDS));
        }
    }

    /**
     * Producers in bounded loops, recording what the servers acknowledged: groups prepared, committed and
     * rolled back (every seventh group is rolled back on purpose; a check-back answers each group's
     * intended outcome).
     */
    private final class Load {
        private final String prefix;
        private final Set<String> prepared = ConcurrentHashMap.newKeySet();
        private final Set<String> committed = ConcurrentHashMap.newKeySet();
        private final Set<String> rolledBack = ConcurrentHashMap.newKeySet();
        private final Set<String> committedAfterTheOutage = ConcurrentHashMap.newKeySet();
        private final Map<Status.Code, AtomicInteger> failures = new ConcurrentHashMap<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicBoolean databaseBack = new AtomicBoolean();
        private final AtomicInteger failedCalls = new AtomicInteger();

        Load(String prefix) {
            this.prefix = prefix;
        }

        List<Future<?>> start(ExecutorService threads, int count, IntConsumer loop) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                running.add(threads.submit(() -> loop.accept(index)));
            }
            return running;
        }

        CheckBackState intended(String groupId) {
            return rollsBack(groupId) ? CheckBackState.ROLLED_BACK : CheckBackState.COMMITTED;
        }

        private boolean rollsBack(String groupId) {
            return Integer.parseInt(groupId.substring(groupId.lastIndexOf('-') + 1)) % 7 == 0;
        }

        /** Prepares and commits (or rolls back) groups through the client, retrying nothing itself. */
        void produce(LottorClient producer, int thread, String target) {
            long deadline = System.nanoTime() + LOAD_TIME_LIMIT.toNanos();
            for (int i = 0; i < 2_000 && !stop.get() && System.nanoTime() < deadline; i++) {
                String groupId = prefix + "-p" + thread + "-" + i;
                TransactionGroup group = producer.begin(groupId);
                group.send(target, METHOD, Map.of("order", groupId));
                try {
                    group.prepare();
                    prepared.add(groupId);
                    if (rollsBack(groupId)) {
                        group.rollback("the test rolls every seventh group back");
                        rolledBack.add(groupId);
                    } else {
                        group.commit();
                        committed.add(groupId);
                    }
                } catch (RuntimeException e) {
                    failedCalls.incrementAndGet();
                }
                pause(20);
            }
        }

        /** Prepares and commits groups over a raw stub of server {@code thread}, recording failed RPCs by code. */
        void produceRaw(int thread, String target) {
            long deadline = System.nanoTime() + LOAD_TIME_LIMIT.toNanos();
            for (int i = 0; i < 2_000 && !stop.get() && System.nanoTime() < deadline; i++) {
                String groupId = prefix + "-p" + thread + "-" + i;
                try {
                    cluster.inspector(thread).stub().prepare(prepareRequest(groupId, "orders-outage", target, 3_000));
                    prepared.add(groupId);
                    boolean afterTheOutage = databaseBack.get();
                    if (rollsBack(groupId)) {
                        cluster.inspector(thread).stub().rollback(io.lottor.protocol.v1.RollbackRequest.newBuilder()
                                .setGroupId(groupId).setReason("the test rolls every seventh group back").build());
                        rolledBack.add(groupId);
                    } else {
                        cluster.inspector(thread).stub().commit(CommitRequest.newBuilder().setGroupId(groupId).build());
                        committed.add(groupId);
                        if (afterTheOutage) {
                            committedAfterTheOutage.add(groupId);
                        }
                    }
                } catch (StatusRuntimeException e) {
                    failures.computeIfAbsent(e.getStatus().getCode(), code -> new AtomicInteger()).incrementAndGet();
                    pause(100);
                }
            }
        }

        int failuresOf(Status.Code code) {
            AtomicInteger count = failures.get(code);
            return count == null ? 0 : count.get();
        }

        void awaitCommitted(int count) {
            await("groups committed: " + count).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> committed.size() >= count);
        }

        /** Every group whose prepare, commit or rollback a server acknowledged has kept that state. */
        void assertAcknowledgedStatesKept(ServerCluster servers, int inspector) {
            assertThat(prepared).containsAll(committed).containsAll(rolledBack);
            for (String groupId : prepared) {
                assertThat(servers.inspector(inspector).group(groupId)).as("acknowledged-prepared group %s", groupId)
                        .isPresent();
            }
            for (String groupId : committed) {
                assertThat(servers.inspector(inspector).existingGroup(groupId).getState())
                        .as("acknowledged-committed group %s", groupId).isIn(GroupState.COMMITTED, GroupState.COMPLETED);
            }
            for (String groupId : rolledBack) {
                assertThat(servers.inspector(inspector).existingGroup(groupId).getState())
                        .as("acknowledged-rolled-back group %s", groupId).isEqualTo(GroupState.ROLLED_BACK);
            }
        }

        /** Every prepared group ends as intended: committed ones COMPLETED, rolled-back ones ROLLED_BACK. */
        void awaitEverythingSettled(ServerCluster servers, int inspector) {
            await("every prepared group settled").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        for (String groupId : prepared) {
                            GroupState expected = rollsBack(groupId) ? GroupState.ROLLED_BACK : GroupState.COMPLETED;
                            assertThat(servers.inspector(inspector).group(groupId).map(Group::getState))
                                    .as("group %s", groupId).isEqualTo(Optional.of(expected));
                        }
                    });
        }

        List<String> intendedCommitted() {
            return prepared.stream().filter(groupId -> !rollsBack(groupId)).toList();
        }

        List<String> intendedRolledBack() {
            return prepared.stream().filter(this::rollsBack).toList();
        }

        /** Paces a producer thread (a failed call, or the kill test's steady rate). */
        private void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
