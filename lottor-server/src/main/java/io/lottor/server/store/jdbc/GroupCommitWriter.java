package io.lottor.server.store.jdbc;

import io.lottor.server.model.LottorException;
import io.lottor.server.model.OverloadedException;
import io.lottor.server.model.UnavailableException;
import io.lottor.server.store.AfterCallbacks;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread owns one connection and runs every queued write. It takes all that
 * is queued (up to {@code maxBatch}), runs the writes in queue order in one transaction, and commits
 * once; only then are the writes' futures completed, in queue order, on the writer thread itself (a hand-off
 * to another thread would cost a wake-up a batch), and then what their callbacks deferred to the end of the
 * batch ({@link AfterCallbacks}: the dispatcher's events). So what depends on a write's future runs on the
 * writer: it must be short and must never block (no reads, no waiting for another write); anything longer is
 * handed to another thread. A write that throws fails only its own future: the batch
 * runs with no savepoints first, and when a write throws, the transaction is rolled back and the others
 * run again, each in its own savepoint, which a second write that throws rolls back. A lone write is
 * committed at once: there is no waiting for a batch to fill. Thread-safe.
 *
 * <p>Failures of the batch as a whole: when a write or the COMMIT fails with contention (a deadlock or
 * serialization failure, see {@link Dialect#isContention}), or the connection is found lost before the
 * COMMIT was sent, the database has rolled the batch back; the writer rolls back too and runs the whole
 * batch again (after a short pause that lets the other transaction finish, or at once on a new
 * connection if it was lost), at most {@value #BATCH_ATTEMPTS} times in all. When
 * that does not succeed, when the COMMIT itself fails otherwise, or when no connection can be opened,
 * every write of the batch fails with {@link UnavailableException} (retryable: a write whose COMMIT was
 * lost in flight may have been applied, and every write of the store is idempotent). A lost connection
 * is closed and a new one opened for the next batch, so the writer resumes by itself when the database
 * is back. A write that finds the database locked beyond its busy timeout fails the whole batch at once
 * (the next writes would wait as long). After a failed batch the writer reports itself not running
 * ({@link #isRunning()}) until a later batch commits.
 *
 * <p>The queue is bounded: a write counts, with its weight in bytes, from its submission until its future
 * completed. A write {@linkplain #offer offered} while {@code maxQueuedWrites} writes are counted, or whose
 * bytes would take the count past {@code maxQueuedBytes}, is refused at once with
 * {@link OverloadedException} and never runs (a write heavier than the bound alone is taken when nothing
 * else is counted). The server's own writes ({@link #submit}) are counted but never refused: they are few
 * and bounded by their makers.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final Pending<Void> STOP = new Pending<>(null);
    /** Runs of one batch at most: the first and two more after contention or a connection lost before COMMIT. */
    static final int BATCH_ATTEMPTS = 3;
    private static final int VALIDITY_TIMEOUT_S = 2;
    /** Pause before running a batch again after contention, times the run: the winner gets to finish first. */
    private static final long CONTENTION_PAUSE_MS = 20;

    private final ConnectionFactory connections;
    private final Dialect dialect;
    private final int maxBatch;
    private final BatchListener listener;
    private final int maxQueuedWrites;
    private final long maxQueuedBytes;
    private final Object admission = new Object();
    private int queuedWrites;
    private long queuedBytes;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final Thread thread;
    private final AtomicLong batchesCommitted = new AtomicLong();
    private final AtomicLong tasksCommitted = new AtomicLong();
    private final AtomicLong statementsWritten = new AtomicLong();
    private final AtomicLong statementsRead = new AtomicLong();
    private volatile boolean lastBatchFailed;
    private boolean closed;
    private Transaction tx;

    /** Opens the writer connection (failing fast if it cannot) and starts the writer thread. */
    GroupCommitWriter(ConnectionFactory connections, Dialect dialect, int maxBatch) throws SQLException {
        this(connections, dialect, maxBatch, BatchListener.NONE);
    }

    /** As above; {@code listener} hears of every committed batch. */
    GroupCommitWriter(ConnectionFactory connections, Dialect dialect, int maxBatch, BatchListener listener)
            throws SQLException {
        this(connections, dialect, maxBatch, listener, Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    /** As above, with the queue bounded to {@code maxQueuedWrites} writes and {@code maxQueuedBytes} bytes. */
    GroupCommitWriter(ConnectionFactory connections, Dialect dialect, int maxBatch, BatchListener listener,
                      int maxQueuedWrites, long maxQueuedBytes) throws SQLException {
        this.maxQueuedWrites = maxQueuedWrites;
        this.maxQueuedBytes = maxQueuedBytes;
        this.connections = connections;
        this.dialect = dialect;
        this.maxBatch = maxBatch;
        this.listener = listener;
        this.tx = openTransaction();
        this.thread = new Thread(this::run, "lottor-store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues {@code task}; the future completes after the batch holding it committed, or fails with
     * what the task threw ({@link SQLException} as {@link UnavailableException}), or with
     * UnavailableException when the commit failed or the writer is closed.
     */
    <R> CompletableFuture<R> submit(WriteTask<R> task) {
        return enqueue(task, 0, false);
    }

    /**
     * Queues {@code task}, weighing {@code bytes}, as {@link #submit} does, unless the queue is at its bound:
     * then the future fails at once with {@link OverloadedException} and the task never runs.
     */
    <R> CompletableFuture<R> offer(WriteTask<R> task, long bytes) {
        return enqueue(task, bytes, true);
    }

    private <R> CompletableFuture<R> enqueue(WriteTask<R> task, long bytes, boolean refusable) {
        Pending<R> pending = new Pending<>(task);
        lifecycle.readLock().lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new UnavailableException(null, "the store is closed"));
            }
            String full = admit(bytes, refusable);
            if (full != null) {
                listener.writeRefused();
                return CompletableFuture.failedFuture(new OverloadedException(full + "; retry later"));
            }
            queue.add(pending);
        } finally {
            lifecycle.readLock().unlock();
        }
        pending.future.whenComplete((result, error) -> leave(bytes));
        return pending.future;
    }

    /** Counts a write in, or answers why the queue cannot take it (only when {@code refusable}). */
    private String admit(long bytes, boolean refusable) {
        synchronized (admission) {
            if (refusable && queuedWrites >= maxQueuedWrites) {
                return "the store's write queue holds " + queuedWrites + " writes (max-queued-writes "
                        + maxQueuedWrites + ")";
            }
            if (refusable && queuedBytes > 0 && queuedBytes + bytes > maxQueuedBytes) {
                return "the store's write queue holds " + queuedBytes + " bytes of requests (max-queued-bytes "
                        + maxQueuedBytes + ")";
            }
            queuedWrites++;
            queuedBytes += bytes;
            return null;
        }
    }

    private void leave(long bytes) {
        synchronized (admission) {
            queuedWrites--;
            queuedBytes -= bytes;
        }
    }

    /** Batches committed since start. */
    long batchesCommitted() {
        return batchesCommitted.get();
    }

    /** Writes answered by a committed batch since start (including writes that rejected themselves). */
    long tasksCommitted() {
        return tasksCommitted.get();
    }

    /** Row-writing statements (INSERT, UPDATE, DELETE) run on the writer connection since start, committed or not. */
    long statementsWritten() {
        return statementsWritten.get();
    }

    /** SELECT statements run on the writer connection since start. */
    long statementsRead() {
        return statementsRead.get();
    }

    /** Whether the writer thread runs, takes writes, and its last batch (if any) committed. */
    boolean isRunning() {
        return thread.isAlive() && !isClosed() && !lastBatchFailed;
    }

    /** Runs every write queued before this call, then stops the writer and closes its connection. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        } finally {
            lifecycle.writeLock().unlock();
        }
        if (Thread.currentThread() != thread) { // closed from a write's callback: the writer stops after it
            joinUninterruptibly(thread);
        }
    }

    private boolean isClosed() {
        lifecycle.readLock().lock();
        try {
            return closed;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void run() {
        boolean stopping = false;
        while (!stopping) {
            List<Pending<?>> batch = nextBatch();
            int stop = batch.indexOf(STOP);
            if (stop >= 0) {
                stopping = true;
                batch.subList(stop, batch.size()).clear();
            }
            if (!batch.isEmpty()) {
                execute(batch);
            }
        }
        closeTransaction();
        log.debug("store writer stopped batches={} tasks={}", batchesCommitted.get(), tasksCommitted.get());
    }

    private List<Pending<?>> nextBatch() {
        List<Pending<?>> batch = new ArrayList<>();
        while (batch.isEmpty()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                log.warn("store writer interrupted; it stops only on close");
            }
        }
        queue.drainTo(batch, maxBatch - 1);
        return batch;
    }

    private void execute(List<Pending<?>> batch) {
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            BatchRun run = new BatchRun();
            try {
                runAndCommit(batch, run);
                countStatements();
                break;
            } catch (SQLException | RuntimeException e) {
                countStatements();
                boolean lost = abandonTransaction();
                boolean again = run.opened && !run.committing
                        && (lost || e instanceof SQLException sql && dialect.isContention(sql));
                if (!again || attempt >= BATCH_ATTEMPTS) {
                    failBatch(batch, e, attempt);
                    return;
                }
                log.info("store batch runs again tasks={} attempt={} connection_lost={} error={}", batch.size(),
                        attempt + 1, lost, e.toString());
                if (!lost) {
                    pause(CONTENTION_PAUSE_MS * attempt);
                }
            }
        }
        lastBatchFailed = false;
        batchesCommitted.incrementAndGet();
        tasksCommitted.addAndGet(batch.size());
        listener.batchCommitted(batch.size(), System.nanoTime() - started);
        complete(batch);
    }

    /** Completes the writes' futures in queue order, then runs what their callbacks deferred. */
    private static void complete(List<Pending<?>> batch) {
        try (AfterCallbacks.Scope callbacks = AfterCallbacks.open()) {
            batch.forEach(Pending::complete);
        }
    }

    /** Tells the listener of the statements the batch's run ran (a connection lost meanwhile ran none we count). */
    private void countStatements() {
        if (tx != null) {
            int[] counts = tx.takeCounts();
            statementsWritten.addAndGet(counts[0]);
            statementsRead.addAndGet(counts[1]);
            listener.statementsRun(counts[0], counts[1]);
        }
    }

    private void runAndCommit(List<Pending<?>> batch, BatchRun run) throws SQLException {
        if (tx == null) {
            tx = openTransaction();
        }
        run.opened = true;
        batch.forEach(Pending::reset);
        if (!runWithoutSavepoints(batch)) {
            tx.connection().rollback();
            tx.discardEvents();
            for (Pending<?> pending : batch) {
                if (pending.error == null) {
                    runInSavepoint(pending);
                }
            }
        }
        tx.insertEvents();
        run.committing = true;
        tx.connection().commit();
    }

    private void failBatch(List<Pending<?>> batch, Exception e, int attempts) {
        log.warn("store batch failed tasks={} attempts={} error={}", batch.size(), attempts, e.toString());
        lastBatchFailed = true;
        UnavailableException failure = new UnavailableException(null, "the store could not commit: " + e.getMessage(), e);
        batch.forEach(pending -> pending.fail(failure));
        complete(batch);
    }

    /**
     * Runs the batch's writes in order with no savepoint between them (a savepoint costs a statement to
     * set and one to release, which sqlite-jdbc compiles anew each time: a sixth of the writer's time).
     * Answers true when they all ran. At the first that fails or rejects itself, its error is kept as its
     * outcome and false is answered: its partial writes are still in the transaction, so the caller rolls
     * the run back and runs the others again, each in its own savepoint (a second failure then costs no
     * third run). Contention, a lock timeout or a lost connection is thrown: the batch as a whole failed.
     */
    private boolean runWithoutSavepoints(List<Pending<?>> batch) throws SQLException {
        tx.discardEvents();
        for (Pending<?> pending : batch) {
            Throwable failure = run(pending);
            if (failure != null) {
                pending.fail(failure);
                return false;
            }
        }
        return true;
    }

    /**
     * Runs one write in its own savepoint. A rejection or a failure of the write alone rolls back the
     * savepoint and fails only this write; contention, or a savepoint that cannot be rolled back (a lost
     * connection), is thrown: the batch as a whole failed.
     */
    private void runInSavepoint(Pending<?> pending) throws SQLException {
        tx.markSavepoint();
        pending.reset();
        Throwable failure = run(pending);
        if (failure != null) {
            pending.fail(failure);
            tx.rollbackToSavepoint();
        }
        tx.releaseSavepoint();
    }

    /**
     * Runs one write; answers null when it ran, else what fails it alone (its rejection, or the store's
     * failure as {@link UnavailableException}). Contention and lock timeouts are thrown: they fail the
     * batch as a whole.
     */
    private Throwable run(Pending<?> pending) throws SQLException {
        try {
            pending.run(tx);
            return null;
        } catch (SQLException e) {
            if (dialect.isLockTimeout(e) || dialect.isContention(e)) {
                throw e;
            }
            return new UnavailableException(null, "the store failed a write: " + e.getMessage(), e);
        } catch (LottorException e) {
            return e;
        } catch (RuntimeException | Error e) {
            log.error("store write failed unexpectedly", e);
            return e;
        }
    }

    /**
     * Rolls back the failed batch's transaction; a connection that cannot roll back or is no longer valid
     * is closed, and the next batch opens a new one. Answers whether the connection was lost.
     */
    private boolean abandonTransaction() {
        if (tx == null) {
            return false;
        }
        tx.discardEvents();
        try {
            tx.connection().rollback();
            if (tx.connection().isValid(VALIDITY_TIMEOUT_S)) {
                return false;
            }
        } catch (SQLException e) {
            log.debug("store writer rollback failed error={}", e.toString());
        }
        log.warn("store writer connection lost; a new one is opened for the next batch");
        closeTransaction();
        return true;
    }

    private Transaction openTransaction() throws SQLException {
        Connection connection = connections.open();
        try {
            dialect.configureWriter(connection);
            connection.setAutoCommit(false);
            return new Transaction(connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    private void closeTransaction() {
        if (tx != null) {
            tx.close();
            tx = null;
        }
    }

    /** Waits {@code millis} on the writer thread; the writer stops only on close, so an interrupt cuts it short. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            log.warn("store writer interrupted; it stops only on close");
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** How far one run of a batch got: a batch may run again only if it never reached its COMMIT. */
    private static final class BatchRun {
        private boolean opened;
        private boolean committing;
    }

    /** A queued write, its outcome (set by the writer thread) and its caller's future. */
    private static final class Pending<R> {
        private final WriteTask<R> task;
        private final CompletableFuture<R> future = new CompletableFuture<>();
        private R result;
        private Throwable error;

        Pending(WriteTask<R> task) {
            this.task = task;
        }

        void run(Transaction tx) throws SQLException {
            result = task.run(tx);
        }

        /** Forgets the outcome of an earlier run of the batch, which was rolled back. */
        void reset() {
            result = null;
            error = null;
        }

        void fail(Throwable failure) {
            result = null;
            error = failure;
        }

        void complete() {
            if (error != null) {
                future.completeExceptionally(error);
            } else {
                future.complete(result);
            }
        }
    }
}
