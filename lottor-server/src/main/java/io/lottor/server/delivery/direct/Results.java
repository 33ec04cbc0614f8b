package io.lottor.server.delivery.direct;

import io.lottor.server.delivery.ReportedResults;
import io.lottor.server.model.ConsumerResult;
import io.lottor.server.model.MessageKey;
import io.lottor.server.session.ClientSession;
import io.lottor.server.store.ClusterSession;
import io.lottor.server.store.DeliveryOutcome;

/**
 * Which consumer results count. A result counts only from the session its attempt was delivered to and
 * only for the message's current attempt (DESIGN §5, §6):
 * <ul>
 *   <li>the attempt is in flight on this node: it counts if it comes from that very session and names
 *   that attempt (or none, on a session: 0 means the one in flight there); a result from any other
 *   session ({@code not_holder}) or for another attempt ({@code stale_attempt}) is refused;</li>
 *   <li>it is not (it timed out, or it is in flight on another server that shares the database and the
 *   result was reported here naming a session there): a success still counts if the store finds the
 *   message's current attempt was delivered to the reporting session's instance of the message's target
 *   service (a late success is the truth about the effect); the store refuses it otherwise
 *   ({@code not_current}). A failure is refused ({@code not_in_flight}): the attempt already has its
 *   outcome, or its server will give it one.</li>
 * </ul>
 * A refused result changes nothing. Not thread-safe: used on the dispatcher thread.
 */
final class Results {
    private final InFlightTable inFlight;

    Results(InFlightTable inFlight) {
        this.inFlight = inFlight;
    }

    /** Judges {@code result} reported by {@code reporter}. */
    Verdict judge(Reporter reporter, ConsumerResult result) {
        MessageKey key = new MessageKey(result.groupId(), result.messageId());
        InFlight delivery = inFlight.get(key);
        if (delivery == null) {
            if (!result.success() || result.attempt() <= 0) {
                return new Refusal("not_in_flight", "attempt", "message " + key + " has no delivery in flight"
                        + " that this result could answer", key, result.attempt(), reporter.sessionId());
            }
            return new LateSuccess(key, result.attempt(),
                    new DeliveryOutcome.Consumed(reporter.service(), reporter.instanceId()), reporter.sessionId());
        }
        int attempt = result.attempt() == 0 ? delivery.attempt() : result.attempt();
        if (attempt != delivery.attempt()) {
            return new Refusal("stale_attempt", "attempt", "attempt " + attempt + " of message " + key
                    + " is not its current attempt " + delivery.attempt(), key, attempt, reporter.sessionId());
        }
        if (delivery.session() != reporter.local()) {
            return new Refusal("not_holder", "session_id", "session_id \"" + reporter.sessionId()
                    + "\" does not hold attempt " + attempt + " of message " + key + ": it was delivered to another"
                    + " session", key, attempt, reporter.sessionId());
        }
        return new Current(delivery);
    }

    /** See {@link ReportedResults#require}. */
    static void requireReport(ConsumerResult result) {
        ReportedResults.require(result);
    }

    static String errorText(ConsumerResult result) {
        return ReportedResults.errorText(result);
    }

    /**
     * Who reports a result: a session of this server ({@code local}), or a session of another live server
     * sharing the database, named by a ReportConsumption ({@code local} null).
     */
    record Reporter(String sessionId, String service, String instanceId, ClientSession local) {
        static Reporter of(ClientSession session) {
            return new Reporter(session.sessionId(), session.service(), session.instanceId(), session);
        }

        static Reporter remote(ClusterSession session) {
            return new Reporter(session.sessionId(), session.service(), session.instanceId(), null);
        }
    }

    /** What to do with a result. */
    sealed interface Verdict permits Current, LateSuccess, Refusal {
    }

    /** The result answers {@code delivery}, in flight on this node: it counts. */
    record Current(InFlight delivery) implements Verdict {
    }

    /** A success for a message not in flight here: it counts if the store agrees it is the current attempt. */
    record LateSuccess(MessageKey key, int attempt, DeliveryOutcome.Consumed consumed, String sessionId)
            implements Verdict {
    }

    /** The result may not count: {@code reason} for the metric, {@code field} and {@code message} for the caller. */
    record Refusal(String reason, String field, String message, MessageKey key, int attempt, String sessionId)
            implements Verdict {

        static Refusal unknownSession(ConsumerResult result) {
            return new Refusal("unknown_session", "session_id", "session_id \"" + result.sessionId()
                    + "\" names no open session on any live server",
                    new MessageKey(result.groupId(), result.messageId()), result.attempt(),
                    result.sessionId());
        }

        static Refusal notCurrent(LateSuccess late) {
            return new Refusal("not_current", "attempt", "attempt " + late.attempt() + " of message " + late.key()
                    + " is not a current attempt delivered to instance " + late.consumed().instanceId() + " of "
                    + late.consumed().service(), late.key(), late.attempt(), late.sessionId());
        }
    }
}
