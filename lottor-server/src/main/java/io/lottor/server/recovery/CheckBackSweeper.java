package io.lottor.server.recovery;

import io.lottor.server.cluster.NodeLiveness;
import io.lottor.server.model.CheckBackAnswer;
import io.lottor.server.model.FailedPreconditionException;
import io.lottor.server.session.ClientSession;
import io.lottor.server.session.SessionRegistry;
import io.lottor.server.store.CheckBackScope;
import io.lottor.server.store.DueCheckBack;
import io.lottor.server.store.RecoveryStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks producers about groups left PREPARED past their check-after. Due groups are claimed from the
 * store in batches with a lease (the next check time), so an unanswered, UNKNOWN or undeliverable check
 * simply comes due again later, with a doubling delay. With several servers on one database, a server
 * claims only the groups it can ask (of a source it has a session of that answers check-backs, or with a
 * check-back URL) and those no live server can ask, which it postpones; the answer comes back on the
 * session it asked, on this server. A group is never rolled back on silence: only a
 * producer's ROLLED_BACK answer (or an operator) rolls it back.
 *
 * <p>A group prepared with a {@code check_back_url} (a producer without a session, e.g. over HTTP) is
 * asked only at that URL, never over a session of its source, even when a service of that name is
 * connected: that service's barrier table knows nothing of the group and would answer ROLLED_BACK. The
 * call is asynchronous ({@link CheckBackUrlCaller}), at most one per group at a time; its COMMITTED or
 * ROLLED_BACK is applied through the {@link CheckBackDecisions} exactly as a session's answer is, anything else
 * (UNKNOWN, an error, a timeout) waits for the next lease like silence does.
 * <p>An answer counts only from a session of the group's source service while a check-back of the group
 * asked by this server is outstanding (asked within the last hour, not answered yet); any other answer
 * is refused: logged, counted ({@link CheckBackCounters#refused()}), and it changes nothing.
 */
public final class CheckBackSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CheckBackSweeper.class);
    private static final int BATCH = 256;
    private static final Duration OUTSTANDING_FOR = Duration.ofHours(1);

    private final RecoveryStore store;
    private final SessionRegistry sessions;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final CheckBackCounters counters;
    private final NodeLiveness liveness;
    private final OutstandingCheckBacks outstanding = new OutstandingCheckBacks();
    private final CheckBackUrlCaller urls = new CheckBackUrlCaller();
    private final Set<String> askingUrls = ConcurrentHashMap.newKeySet();
    private CheckBackDecisions decisions;

    public CheckBackSweeper(RecoveryStore store, SessionRegistry sessions, RetrySchedule schedule, Clock clock) {
        this(store, sessions, schedule, clock, CheckBackCounters.NONE, new NodeLiveness(Duration.ofSeconds(3)));
    }

    /**
     * As above; {@code counters} hears of check-backs sent, postponed and answered, and {@code liveness}
     * tells which servers' sessions count when deciding whether any server can ask a group's source.
     */
    public CheckBackSweeper(RecoveryStore store, SessionRegistry sessions, RetrySchedule schedule, Clock clock,
                            CheckBackCounters counters, NodeLiveness liveness) {
        this.liveness = liveness;
        this.counters = counters;
        this.store = store;
        this.sessions = sessions;
        this.schedule = schedule;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lottor-check-back");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts sweeping every {@code interval}, applying answers through {@code decisions} (the coordinator's). */
    public void start(CheckBackDecisions decisions, Duration interval) {
        this.decisions = decisions;
        long every = Math.max(10, interval.toMillis());
        timer.scheduleWithFixedDelay(this::sweepSafely, every, every, TimeUnit.MILLISECONDS);
    }

    /** A producer instance that answers check-backs connected: its service's overdue groups are asked at once. */
    public void producerConnected(ClientSession session) {
        if (session.answersCheckBack()) {
            store.expediteCheckBacks(session.service(), clock.millis());
        }
    }

    /** Applies a producer's answer, if it answers an outstanding check-back of a group of its service. */
    public void onReply(ClientSession session, CheckBackAnswer reply) {
        String groupId = reply.groupId();
        OutstandingCheckBacks.Claim claim = outstanding.claim(groupId, session.service());
        if (claim != OutstandingCheckBacks.Claim.ACCEPTED) {
            refuse(session, reply, claim);
            return;
        }
        counters.answered(reply.verdict().name());
        switch (reply.verdict()) {
            case COMMITTED -> apply(decisions.commit(groupId), groupId, "COMMITTED", session);
            case ROLLED_BACK -> apply(decisions.rollback(groupId,
                    "check-back: the producer's local transaction did not commit"), groupId, "ROLLED_BACK", session);
            case UNKNOWN -> log.info("check-back unknown group={} session={} error={}", groupId, session.sessionId(),
                    reply.error());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void refuse(ClientSession session, CheckBackAnswer reply, OutstandingCheckBacks.Claim claim) {
        counters.refused();
        log.warn("check-back reply refused group={} answer={} session={} service={} reason={}", reply.groupId(),
                reply.verdict(), session.sessionId(), session.service(),
                claim == OutstandingCheckBacks.Claim.OTHER_SERVICE ? "the group's source is another service"
                        : "no check-back of the group is outstanding");
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("check-back sweep failed error={}", e.toString());
        }
    }

    private void sweep() {
        outstanding.expire(clock.millis() - OUTSTANDING_FOR.toMillis());
        List<DueCheckBack> due;
        do {
            long now = clock.millis();
            due = store.claimDueCheckBacks(now, BATCH, schedule::checkBackDelayMs, scope(now)).join();
            due.forEach(this::ask);
        } while (due.size() == BATCH);
    }

    /**
     * What this server claims: groups of the services it has a session of that answers check-backs, groups
     * with a check-back URL, and groups no live server has such a session for (postponed here).
     */
    private CheckBackScope scope(long now) {
        Set<String> sources = sessions.all().stream().filter(ClientSession::answersCheckBack)
                .map(ClientSession::service).collect(Collectors.toSet());
        return CheckBackScope.of(sources, liveness.liveSince(now));
    }

    private void ask(DueCheckBack group) {
        if (group.checkBackUrl() != null) {
            askUrl(group);
            return;
        }
        Optional<ClientSession> session = sessions.checkBackSession(group.source());
        long now = clock.millis();
        outstanding.asking(group.groupId(), group.source(), now);
        if (session.isPresent() && session.get().checkBack(group.groupId())) {
            counters.sent();
            log.info("check-back sent group={} source={} session={} check={}", group.groupId(), group.source(),
                    session.get().sessionId(), group.checkBacks());
        } else {
            outstanding.notSent(group.groupId(), group.source(), now);
            counters.postponed();
            log.info("check-back postponed: no live producer group={} source={} check={}", group.groupId(),
                    group.source(), group.checkBacks());
        }
    }

    private void askUrl(DueCheckBack group) {
        if (!askingUrls.add(group.groupId())) {
            counters.postponed();
            log.info("check-back postponed: the previous call is still running group={} url={} check={}",
                    group.groupId(), group.checkBackUrl(), group.checkBacks());
            return;
        }
        counters.sent();
        log.info("check-back sent group={} source={} url={} check={}", group.groupId(), group.source(),
                group.checkBackUrl(), group.checkBacks());
        urls.ask(group).whenComplete((answer, error) -> {
            askingUrls.remove(group.groupId());
            if (answer != null) {
                onUrlAnswer(group, answer);
            }
        });
    }

    private void onUrlAnswer(DueCheckBack group, CheckBackUrlCaller.Answer answer) {
        String by = "url=" + group.checkBackUrl();
        if (answer.state() == null) {
            counters.postponed();
            log.info("check-back not answered, asked again later group={} {} error={}", group.groupId(), by,
                    answer.detail());
            return;
        }
        counters.answered(answer.state().name());
        switch (answer.state()) {
            case COMMITTED -> apply(decisions.commit(group.groupId()), group.groupId(), "COMMITTED", by);
            case ROLLED_BACK -> apply(decisions.rollback(group.groupId(),
                    "check-back: the producer's check_back_url"
                    + " answered ROLLED_BACK (its local transaction did not commit)"), group.groupId(), "ROLLED_BACK", by);
            default -> log.info("check-back unknown group={} {}", group.groupId(), by);
        }
    }

    private void apply(java.util.concurrent.CompletableFuture<?> change, String groupId, String answer,
                       ClientSession session) {
        apply(change, groupId, answer, "session=" + session.sessionId());
    }

    private void apply(java.util.concurrent.CompletableFuture<?> change, String groupId, String answer, String by) {
        change.whenComplete((state, error) -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause == null) {
                log.info("check-back answered group={} answer={} {}", groupId, answer, by);
            } else if (cause instanceof FailedPreconditionException) {
                log.warn("check-back answer conflicts with the group's state group={} answer={} error={}",
                        groupId, answer, cause.getMessage());
            } else {
                log.warn("check-back answer not applied group={} answer={} error={}", groupId, answer, cause.toString());
            }
        });
    }
}
