package io.lottor.client.internal;

import io.lottor.client.CheckBackHandler;
import io.lottor.client.CheckBackState;
import io.lottor.protocol.v1.CheckBack;
import io.lottor.protocol.v1.CheckBackReply;
import io.lottor.protocol.v1.ClientFrame;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers CheckBack frames on a pool of its own (answers may block on row locks, and must not hold up
 * deliveries). A handler exception or {@code null} answers UNKNOWN with the error text; with no
 * handler configured every answer is UNKNOWN. A check-back for a group whose previous check is still
 * running (waiting on the producer's row lock) is not started again: the running check answers it.
 * Thread-safe.
 */
public final class CheckBackResponder {
    private static final Logger log = LoggerFactory.getLogger(CheckBackResponder.class);
    private static final int THREADS = 8;

    private final CheckBackHandler handler;
    private final Predicate<ClientFrame> sender;
    private final ExecutorService executor;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public CheckBackResponder(CheckBackHandler handler, Predicate<ClientFrame> sender) {
        this.handler = handler;
        this.sender = sender;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("lottor-check-back"));
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    /** Queues the check-back; dropped unanswered once closing (the server asks again). */
    public void answer(CheckBack checkBack) {
        String groupId = checkBack.getGroupId();
        if (!running.add(groupId)) {
            log.debug("check-back already running group={}", groupId);
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    reply(groupId);
                } finally {
                    running.remove(groupId);
                }
            });
        } catch (RejectedExecutionException e) {
            running.remove(groupId);
            log.debug("check-back dropped, client closing group={}", groupId);
        }
    }

    /** Stops answering and waits up to {@code timeout} for answers in progress. */
    public void shutdown(Duration timeout) {
        executor.shutdown();
        try {
            executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reply(String groupId) {
        CheckBackReply.Builder reply = CheckBackReply.newBuilder().setGroupId(groupId);
        try {
            CheckBackState state = handler == null ? null : handler.check(groupId);
            reply.setState(state == null ? CheckBackReply.State.UNKNOWN : CheckBackReply.State.valueOf(state.name()));
            if (state == null) {
                reply.setError(handler == null ? "this client has no check-back handler" : "check-back handler returned null");
            }
        } catch (Throwable t) {
            reply.setState(CheckBackReply.State.UNKNOWN).setError(ErrorText.of(t));
        }
        log.info("check-back answered group={} state={}", groupId, reply.getState());
        if (!sender.test(ClientFrame.newBuilder().setCheckBackReply(reply).build())) {
            log.info("check-back reply not sent, session down group={}", groupId);
        }
    }
}
