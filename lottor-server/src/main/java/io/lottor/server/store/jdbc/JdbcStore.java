package io.lottor.server.store.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.server.model.GroupEvent;
import io.lottor.server.model.GroupState;
import io.lottor.server.model.GroupSummary;
import io.lottor.server.model.GroupView;
import io.lottor.server.model.MessageKey;
import io.lottor.server.model.MessageState;
import io.lottor.server.model.MessageSummary;
import io.lottor.server.model.NewGroup;
import io.lottor.server.model.UnavailableException;
import io.lottor.server.store.CheckBackDelay;
import io.lottor.server.store.CheckBackScope;
import io.lottor.server.store.ClusterSession;
import io.lottor.server.store.CommitOutcome;
import io.lottor.server.store.DeliveredAttempt;
import io.lottor.server.store.DeliveryClaim;
import io.lottor.server.store.DeliveryOutcome;
import io.lottor.server.store.DueCheckBack;
import io.lottor.server.store.DueClaim;
import io.lottor.server.store.DueMessage;
import io.lottor.server.store.DueRoute;
import io.lottor.server.store.ExpiredLease;
import io.lottor.server.store.GroupQuery;
import io.lottor.server.store.LeaseExpiry;
import io.lottor.server.store.MessageQuery;
import io.lottor.server.store.OldestPrepared;
import io.lottor.server.store.OutcomeResult;
import io.lottor.server.store.Page;
import io.lottor.server.store.ReadyBacklog;
import io.lottor.server.store.RetriedMessage;
import io.lottor.server.store.ServerNode;
import io.lottor.server.store.Store;
import io.lottor.server.store.ThroughputBucket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Store} on a JDBC database, the SQL that differs per database in a {@link Dialect}: the
 * embedded SQLite file ({@link #openSqlite}) or a PostgreSQL or MySQL/MariaDB database shared by several
 * servers ({@link #open}). Writes go through one {@link GroupCommitWriter} (one thread, one connection,
 * one transaction and durable COMMIT per batch of concurrent writes) whose queue is bounded
 * ({@link StoreOptions#maxQueuedWrites()}, {@link StoreOptions#maxQueuedBytes()}): prepare, commit and
 * rollback fail with {@link io.lottor.server.model.OverloadedException} when it is full. Reads go through a small pool of
 * separate read connections. Thread-safe.
 */
public final class JdbcStore implements Store {
    private static final Logger log = LoggerFactory.getLogger(JdbcStore.class);
    private static final String SQLITE_FILE = "lottor.db";

    private final GroupCommitWriter writer;
    private final ReaderPool readers;
    private final StoreReads reads;
    private final GroupWrites groupWrites;
    private final MessageWrites messageWrites;
    private final RecoveryWrites recoveryWrites;
    private final OpsReads opsReads;
    private final DeliveryReads deliveryReads;
    private final NodeWrites nodeWrites;
    private final AdminReads adminReads;
    private final AdminWrites adminWrites;
    private final DueClaims dueClaims;
    private final SessionWrites sessionWrites;
    private final SessionReads sessionReads;
    private final AutoCloseable held;
    private final Dialect dialect;
    private final ConnectionFactory connections;

    private JdbcStore(Dialect dialect, ConnectionFactory connections, ReaderPool readers, StoreOptions options,
                      BatchListener batches, AutoCloseable held) throws SQLException {
        this.held = held;
        this.readers = readers;
        this.dialect = dialect;
        this.connections = connections;
        JsonMaps json = new JsonMaps(new ObjectMapper());
        MessageRows rows = new MessageRows(json);
        this.writer = new GroupCommitWriter(connections, dialect, options.maxBatchSize(), batches,
                options.maxQueuedWrites(), options.maxQueuedBytes());
        this.reads = new StoreReads(readers, json, rows);
        this.opsReads = new OpsReads(readers);
        this.deliveryReads = new DeliveryReads(readers);
        this.nodeWrites = new NodeWrites(dialect);
        this.messageWrites = new MessageWrites(dialect);
        this.groupWrites = new GroupWrites(dialect, json, rows);
        this.recoveryWrites = new RecoveryWrites(dialect);
        this.adminReads = new AdminReads(readers, rows);
        this.adminWrites = new AdminWrites(groupWrites, rows);
        this.dueClaims = new DueClaims(dialect, json);
        this.sessionWrites = new SessionWrites(dialect, json);
        this.sessionReads = new SessionReads(readers, json);
    }

    /** {@link #openSqlite(Path, StoreOptions)} with {@link StoreOptions#defaults()}. */
    public static JdbcStore openSqlite(Path dataDir) {
        return openSqlite(dataDir, StoreOptions.defaults());
    }

    /**
     * Opens (creating if needed) the SQLite database {@code lottor.db} in {@code dataDir}, creating the
     * directory, and migrates its schema. One store at a time may hold a data directory: it is locked
     * (an OS file lock, dropped when the process dies) until {@link #close()}.
     *
     * @throws UnavailableException if the directory or database cannot be created, opened or migrated,
     *                              or another store holds the directory
     */
    public static JdbcStore openSqlite(Path dataDir, StoreOptions options) {
        return openSqlite(dataDir, options, BatchListener.NONE);
    }

    /** {@link #openSqlite(Path, StoreOptions)} whose writer tells {@code batches} of every committed batch. */
    public static JdbcStore openSqlite(Path dataDir, StoreOptions options, BatchListener batches) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UnavailableException("data_dir", "cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        String url = "jdbc:sqlite:" + dataDir.toAbsolutePath().normalize().resolve(SQLITE_FILE);
        DataDirLock lock = DataDirLock.acquire(dataDir);
        try {
            SqliteDialect dialect = new SqliteDialect(options.busyTimeout());
            Properties properties = dialect.connectionProperties();
            ConnectionFactory connections = () -> DriverManager.getConnection(url, properties);
            migrate(dialect, connections, url, null);
            SqliteReaderPool readers = new SqliteReaderPool(connections, dialect, options.readConnections(),
                    options.busyTimeout().toMillis());
            return opened(dialect, connections, readers, options, batches, lock, url, null);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** {@link #open(Dialect, String, String, String, StoreOptions, BatchListener)} without a batch listener. */
    public static JdbcStore open(Dialect dialect, String url, String user, String password, StoreOptions options) {
        return open(dialect, url, user, password, options, BatchListener.NONE);
    }

    /**
     * Opens the store on the server database at {@code url} (PostgreSQL with {@link PostgresDialect},
     * MySQL or MariaDB with {@link MysqlDialect}), which any number of stores may share: checks that it
     * can connect and log in, migrates the schema with Flyway from {@link Dialect#migrationLocation()}
     * (concurrent starts wait for each other's migration), then opens the writer connection and a
     * HikariCP pool of readers. Nothing is locked.
     *
     * @param user     database user, or null when the URL or driver gives it
     * @param password its password, or null; never part of a message or a log line
     * @throws UnavailableException with a one-line message naming the database (not the password) if it
     *                              cannot be reached, logged into or migrated
     */
    public static JdbcStore open(Dialect dialect, String url, String user, String password, StoreOptions options,
            BatchListener batches) {
        Properties properties = dialect.connectionProperties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        String driverUrl = dialect.driverUrl(url);
        ConnectionFactory connections = () -> DriverManager.getConnection(driverUrl, properties);
        try (Connection probe = connections.open()) {
            log.debug("store database reached dialect={} product={}", dialect.name(),
                    probe.getMetaData().getDatabaseProductVersion());
        } catch (SQLException e) {
            throw new UnavailableException(null, "cannot connect to the " + dialect.name() + " database at "
                    + JdbcUrls.redact(url) + ": " + JdbcUrls.oneLine(e, password), e);
        }
        migrate(dialect, connections, url, password);
        HikariReaderPool readers = new HikariReaderPool(connections, dialect, options.readConnections(),
                options.busyTimeout().toMillis());
        AutoCloseable upkeep = dialect.startUpkeep(connections);
        try {
            return opened(dialect, connections, readers, options, batches, upkeep, url, password);
        } catch (RuntimeException e) {
            closeQuietly(upkeep);
            readers.close();
            throw e;
        }
    }

    private static void migrate(Dialect dialect, ConnectionFactory connections, String url, String password) {
        try {
            Flyway.configure()
                    .dataSource(new FactoryDataSource(connections, FactoryDataSource.Setup.NONE))
                    .locations(dialect.migrationLocation())
                    .table("lottor_schema_history")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new UnavailableException(null, "cannot migrate the " + dialect.name() + " database at "
                    + JdbcUrls.redact(url) + ": " + JdbcUrls.oneLine(e, password), e);
        }
    }

    private static JdbcStore opened(Dialect dialect, ConnectionFactory connections, ReaderPool readers,
            StoreOptions options, BatchListener batches, AutoCloseable held, String url, String password) {
        try {
            JdbcStore store = new JdbcStore(dialect, connections, readers, options, batches, held);
            log.info("store opened dialect={} url={}", dialect.name(), JdbcUrls.redact(url));
            return store;
        } catch (SQLException e) {
            throw new UnavailableException(null, "cannot open the " + dialect.name() + " store at "
                    + JdbcUrls.redact(url) + ": " + JdbcUrls.oneLine(e, password), e);
        }
    }

    @Override
    public CompletableFuture<GroupState> prepare(NewGroup group, long now) {
        return offer(() -> groupWrites.prepare(group, now), group.sizeBytes());
    }

    @Override
    public CompletableFuture<CommitOutcome> commit(String groupId, long now) {
        return offer(() -> groupWrites.commit(groupId, now), 0);
    }

    @Override
    public CompletableFuture<GroupState> rollback(String groupId, String reason, long now) {
        return offer(() -> groupWrites.rollback(groupId, reason, now), 0);
    }

    @Override
    public CompletableFuture<List<Boolean>> claim(List<DeliveryClaim> claims, long now) {
        return write(() -> messageWrites.claim(claims, now));
    }

    @Override
    public CompletableFuture<List<DueMessage>> claimDueMessages(DueClaim claim, long now) {
        return write(() -> dueClaims.claimDue(claim, now));
    }

    @Override
    public CompletableFuture<List<Boolean>> release(List<DeliveryClaim> claims, long now) {
        return write(() -> dueClaims.release(claims, now));
    }

    @Override
    public CompletableFuture<OutcomeResult> recordOutcome(MessageKey key, int attempt, DeliveryOutcome outcome, long now) {
        return write(() -> messageWrites.recordOutcome(key, attempt, outcome, now));
    }

    @Override
    public CompletableFuture<Integer> requeueInFlight(long now, Collection<String> liveOwners) {
        return write(() -> messageWrites.requeueInFlight(now, liveOwners));
    }

    @Override
    public CompletableFuture<List<ExpiredLease>> expireLeases(long endedBefore, long now, int limit,
            LeaseExpiry expiry) {
        return write(() -> messageWrites.expireLeases(endedBefore, now, limit, expiry));
    }

    @Override
    public CompletableFuture<List<DueCheckBack>> claimDueCheckBacks(long now, int limit, CheckBackDelay delay,
            CheckBackScope scope) {
        return write(() -> recoveryWrites.claimDueCheckBacks(now, limit, delay, scope));
    }

    @Override
    public CompletableFuture<Integer> expediteCheckBacks(String source, long now) {
        return write(() -> recoveryWrites.expediteCheckBacks(source, now));
    }

    @Override
    public CompletableFuture<Integer> purgeFinished(long before, int limit) {
        return write(() -> recoveryWrites.purgeFinished(before, limit));
    }

    @Override
    public Optional<GroupView> findGroup(String groupId) {
        return reads.findGroup(groupId);
    }

    @Override
    public Optional<String> sourceOf(String groupId) {
        return reads.sourceOf(groupId);
    }

    @Override
    public Optional<String> targetOf(MessageKey key) {
        return reads.targetOf(key);
    }

    @Override
    public Map<String, GroupState> groupStates(Collection<String> groupIds) {
        return reads.groupStates(groupIds);
    }

    @Override
    public Map<GroupState, Long> countGroupsByState() {
        return opsReads.groupCounts();
    }

    @Override
    public Map<MessageState, Long> countMessagesByState() {
        return opsReads.messageCounts();
    }

    @Override
    public long countMessages(MessageState state) {
        return opsReads.messageCount(state);
    }

    @Override
    public Optional<OldestPrepared> oldestPrepared() {
        return opsReads.oldestPrepared();
    }

    @Override
    public List<ReadyBacklog> readyBacklog(long readyBefore) {
        return opsReads.readyBacklog(readyBefore);
    }

    @Override
    public List<DueRoute> dueRoutes(long now, int limit) {
        return deliveryReads.dueRoutes(now, limit);
    }

    @Override
    public Map<String, Integer> inFlightByTarget() {
        return deliveryReads.inFlightByTarget();
    }

    @Override
    public Optional<DeliveredAttempt> deliveredAttempt(MessageKey key) {
        return deliveryReads.deliveredAttempt(key);
    }

    @Override
    public CompletableFuture<Void> announceDue(Collection<DueRoute> routes, String serverId) {
        if (!dialect.announcesDue() || routes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<DueRoute> words = List.copyOf(routes);
        return writer.submit(tx -> {
            DueAnnouncements.announce(tx, words, serverId);
            return null;
        });
    }

    @Override
    public AutoCloseable listenForDue(String serverId, Consumer<DueRoute> listener) {
        if (!dialect.announcesDue()) {
            return () -> { };
        }
        return DueAnnouncements.listen(connections, serverId, listener);
    }

    @Override
    public List<ThroughputBucket> throughput(long from, long bucketMs, int buckets) {
        return opsReads.throughput(from, bucketMs, buckets);
    }

    @Override
    public CompletableFuture<Void> upsertNode(ServerNode node) {
        return write(() -> nodeWrites.upsert(node));
    }

    @Override
    public CompletableFuture<Integer> removeNodesNotSeenSince(long before) {
        return write(() -> nodeWrites.removeNotSeenSince(before));
    }

    @Override
    public CompletableFuture<Boolean> removeNode(String serverId) {
        return write(() -> nodeWrites.remove(serverId));
    }

    @Override
    public List<ServerNode> nodes() {
        return opsReads.nodes();
    }

    @Override
    public CompletableFuture<Void> openSession(ClusterSession session, long now) {
        return write(() -> sessionWrites.open(session, now));
    }

    @Override
    public CompletableFuture<Boolean> closeSession(String sessionId) {
        return write(() -> sessionWrites.close(sessionId));
    }

    @Override
    public CompletableFuture<Void> refreshSessions(String serverId, List<ClusterSession> sessions, long now) {
        return write(() -> sessionWrites.refresh(serverId, sessions, now));
    }

    @Override
    public CompletableFuture<Integer> removeSessionsOfDeadNodes(long nodesSeenSince) {
        return write(() -> sessionWrites.removeOfDeadNodes(nodesSeenSince));
    }

    @Override
    public List<ClusterSession> liveSessions(long nodesSeenSince) {
        return sessionReads.live(nodesSeenSince);
    }

    @Override
    public Optional<ClusterSession> liveSession(String sessionId, long nodesSeenSince) {
        return sessionReads.live(sessionId, nodesSeenSince);
    }

    @Override
    public Page<GroupSummary> listGroups(GroupQuery query) {
        return adminReads.listGroups(query);
    }

    @Override
    public Page<MessageSummary> listMessages(MessageQuery query) {
        return adminReads.listMessages(query);
    }

    @Override
    public List<GroupEvent> history(String groupId) {
        return adminReads.history(groupId);
    }

    @Override
    public CompletableFuture<RetriedMessage> retryMessage(MessageKey key, String actor, String reason, long now) {
        return write(() -> adminWrites.retryMessage(key, actor, reason, now));
    }

    @Override
    public CompletableFuture<List<DueMessage>> retryMessages(MessageQuery query, String actor, String reason, long now) {
        return write(() -> adminWrites.retryMessages(query, actor, reason, now));
    }

    @Override
    public CompletableFuture<CommitOutcome> resolve(String groupId, GroupState outcome, String actor, String reason,
            long now) {
        return write(() -> adminWrites.resolve(groupId, outcome, actor, reason, now));
    }

    @Override
    public boolean isHealthy() {
        return writer.isRunning() && reads.isHealthy();
    }

    /** Group-commit batches committed since open (for metrics). */
    public long batchesCommitted() {
        return writer.batchesCommitted();
    }

    /** Writes answered by a committed batch since open (for metrics); over batches, the batching factor. */
    public long tasksCommitted() {
        return writer.tasksCommitted();
    }

    /** Row-writing statements run by the writer since open (for metrics and the bench). */
    public long statementsWritten() {
        return writer.statementsWritten();
    }

    /** SELECT statements run by the writer since open. */
    public long statementsRead() {
        return writer.statementsRead();
    }

    /** Runs every write submitted before, then closes all connections and releases the database. Idempotent. */
    @Override
    public void close() {
        writer.close();
        readers.close();
        closeQuietly(held);
        log.info("store closed batches={} tasks={}", writer.batchesCommitted(), writer.tasksCommitted());
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("store resource did not close error={}", e.toString());
        }
    }

    /** A producer's write: refused as overloaded when the writer's queue is full. */
    private <R> CompletableFuture<R> offer(Supplier<WriteTask<R>> task, long bytes) {
        try {
            return writer.offer(task.get(), bytes);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <R> CompletableFuture<R> write(Supplier<WriteTask<R>> task) {
        try {
            return writer.submit(task.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
