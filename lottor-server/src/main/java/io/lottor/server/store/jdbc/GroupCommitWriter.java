package io.lottor.server.store.jdbc;

import io.lottor.server.group.LottorException;
import io.lottor.server.group.OverloadedException;
import io.lottor.server.group.UnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread owns one connection and runs every queued write. It takes all that
 * is queued (up to {@code maxBatch}), runs the writes in queue order in one transaction, each in its
 * own savepoint, and commits once; only then are the writes' futures completed, on a separate
 * completion executor so that callers' callbacks never run on (or stall) the writer. A write that throws
 * rolls back its savepoint and fails only its own future. If the COMMIT fails, every write of the batch
 * fails with {@link UnavailableException}. A lone write is committed at once: there is no waiting for a
 * batch to fill.
 *
 * <p>The queue is bounded: a write counts, with its weight in bytes, from its submission until its future
 * completed. A write {@linkplain #offer offered} while {@code maxQueuedWrites} writes are counted, or whose
 * bytes would take the count past {@code maxQueuedBytes}, is refused at once with
 * {@link OverloadedException} and never runs (a write heavier than the bound alone is taken when nothing
 * else is counted). The server's own writes ({@link #submit}) are counted but never refused: they are few
 * and bounded by their makers. Thread-safe.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final Pending<Void> STOP = new Pending<>(null);

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
    private final ExecutorService completions;
    private final Thread thread;
    private final AtomicLong batchesCommitted = new AtomicLong();
    private final AtomicLong tasksCommitted = new AtomicLong();
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
        this.completions = Executors.newCachedThreadPool(daemonThreads("lottor-store-completion-"));
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

    /** Whether the writer thread runs and takes writes. */
    boolean isRunning() {
        return thread.isAlive() && !isClosed();
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
        joinUninterruptibly(thread);
        completions.shutdown();
        awaitUninterruptibly(completions);
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
        try {
            if (tx == null) {
                tx = openTransaction();
            }
            for (Pending<?> pending : batch) {
                runInSavepoint(pending);
            }
            tx.connection().commit();
        } catch (SQLException | RuntimeException e) {
            log.warn("store batch failed tasks={} error={}", batch.size(), e.toString());
            rollbackAfterFailure();
            UnavailableException failure = new UnavailableException(null, "the store could not commit: " + e.getMessage(), e);
            batch.forEach(pending -> pending.error = failure);
            completions.execute(() -> batch.forEach(Pending::complete));
            return;
        }
        batchesCommitted.incrementAndGet();
        tasksCommitted.addAndGet(batch.size());
        listener.batchCommitted(batch.size(), System.nanoTime() - started);
        completions.execute(() -> batch.forEach(Pending::complete));
    }

    private void runInSavepoint(Pending<?> pending) throws SQLException {
        Connection connection = tx.connection();
        Savepoint savepoint = connection.setSavepoint();
        try {
            pending.run(tx);
        } catch (SQLException e) {
            pending.error = new UnavailableException(null, "the store failed a write: " + e.getMessage(), e);
            connection.rollback(savepoint);
        } catch (LottorException e) {
            pending.error = e;
            connection.rollback(savepoint);
        } catch (RuntimeException | Error e) {
            log.error("store write failed unexpectedly", e);
            pending.error = e;
            connection.rollback(savepoint);
        }
        connection.releaseSavepoint(savepoint);
    }

    private void rollbackAfterFailure() {
        if (tx == null) {
            return;
        }
        try {
            tx.connection().rollback();
        } catch (SQLException e) {
            log.warn("store writer connection dropped error={}", e.toString());
            closeTransaction();
        }
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

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
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

    private static void awaitUninterruptibly(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("store completion callbacks still running after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

        void complete() {
            if (error != null) {
                future.completeExceptionally(error);
            } else {
                future.complete(result);
            }
        }
    }
}
