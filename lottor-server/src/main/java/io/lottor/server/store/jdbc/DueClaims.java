package io.lottor.server.store.jdbc;

import static io.lottor.server.model.MessageState.FAILED;
import static io.lottor.server.model.MessageState.IN_FLIGHT;
import static io.lottor.server.model.MessageState.READY;

import io.lottor.server.model.MessageKey;
import io.lottor.server.model.MessageState;
import io.lottor.server.store.DeliveryClaim;
import io.lottor.server.store.DueClaim;
import io.lottor.server.store.DueMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Claims of due messages by scan, and the release of claims never sent. A scan claim reads the route's
 * due READY and FAILED messages as two index-ordered cursors with the dialect's claim lock (so servers
 * sharing the database skip each other's rows instead of waiting), merges them by due time, and claims
 * the earliest ones with the same guarded UPDATE as a claim by key, in the same transaction: what it
 * answers is already this server's.
 */
final class DueClaims {
    static final String DUE = "SELECT group_id, message_id, payload, content_type, headers, attempts,"
            + " attempt_base, next_attempt_at FROM lottor_message WHERE target = ? AND method = ? AND "
            + MessageRows.DUE_STATES + " AND state = ? AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?%s";
    private static final int SOURCES_CHUNK = 32;
    private static final String SOURCES_BY_CHUNK = "SELECT group_id, source FROM lottor_group WHERE group_id IN ("
            + Placeholders.of(SOURCES_CHUNK) + ")";
    private static final String RELEASE = "UPDATE lottor_message SET state = '" + READY
            + "', attempts = ?, owner = NULL, lease_until = 0, delivered_at = 0, next_attempt_at = ?, updated_at = ?"
            + " WHERE group_id = ? AND message_id = ? AND " + Transitions.messageFrom(READY, IN_FLIGHT)
            + " AND attempts = ? AND owner = ?";

    private final String selectDue;
    private final JsonMaps json;

    DueClaims(Dialect dialect, JsonMaps json) {
        this.selectDue = DUE.formatted(dialect.claimLock());
        this.json = json;
    }

    WriteTask<List<DueMessage>> claimDue(DueClaim claim, long now) {
        return tx -> {
            if (claim.places() == 0) {
                return List.of();
            }
            List<Row> due = earliest(due(tx, claim, READY, now), due(tx, claim, FAILED, now), claim);
            Map<String, String> sources = sources(tx, due);
            List<DueMessage> claimed = new ArrayList<>(due.size());
            for (Row row : due) {
                DeliveryClaim guarded = new DeliveryClaim(row.key(), row.attempts() + 1, claim.owner(),
                        claim.deliveredTo().get(claimed.size()), claim.leaseUntil());
                if (MessageWrites.claim(tx, guarded, now)) {
                    claimed.add(row.message(sources.get(row.key().groupId()), json.read(row.headers()), claim));
                }
            }
            return claimed;
        };
    }

    WriteTask<List<Boolean>> release(List<DeliveryClaim> claims, long now) {
        List<DeliveryClaim> copy = List.copyOf(claims);
        return tx -> {
            List<Boolean> applied = new ArrayList<>(copy.size());
            for (DeliveryClaim claim : copy) {
                applied.add(release(tx, claim, now));
            }
            return applied;
        };
    }

    private static boolean release(Transaction tx, DeliveryClaim claim, long now) throws SQLException {
        PreparedStatement update = tx.prepare(RELEASE);
        update.setInt(1, claim.attempt() - 1);
        update.setLong(2, now);
        update.setLong(3, now);
        update.setString(4, claim.key().groupId());
        update.setString(5, claim.key().messageId());
        update.setInt(6, claim.attempt());
        update.setString(7, claim.owner());
        return update.executeUpdate() == 1;
    }

    private List<Row> due(Transaction tx, DueClaim claim, MessageState state, long now) throws SQLException {
        PreparedStatement select = tx.prepare(selectDue);
        select.setString(1, claim.target());
        select.setString(2, claim.method());
        select.setString(3, state.name());
        select.setLong(4, now);
        select.setInt(5, claim.places());
        List<Row> rows = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                byte[] payload = row.getBytes(3);
                rows.add(new Row(new MessageKey(row.getString(1), row.getString(2)),
                        payload == null ? new byte[0] : payload, row.getString(4), row.getString(5), row.getInt(6),
                        row.getInt(7), row.getLong(8)));
            }
        }
        return rows;
    }

    /** The earliest due of both lists (each sorted), up to the claim's places and bytes (at least one). */
    private static List<Row> earliest(List<Row> ready, List<Row> failed, DueClaim claim) {
        List<Row> merged = new ArrayList<>();
        int r = 0;
        int f = 0;
        long bytes = 0;
        while ((r < ready.size() || f < failed.size()) && merged.size() < claim.places() && bytes < claim.maxBytes()) {
            boolean takeReady = r < ready.size() && (f >= failed.size()
                    || ready.get(r).nextAttemptAt() <= failed.get(f).nextAttemptAt());
            Row next = takeReady ? ready.get(r++) : failed.get(f++);
            merged.add(next);
            bytes += next.payload().length;
        }
        return merged;
    }

    /**
     * The source of each group of {@code due}, read in chunks of {@value #SOURCES_CHUNK} ids (the last one
     * padded by repeating an id), so that one statement serves every claim.
     */
    private static Map<String, String> sources(Transaction tx, List<Row> due) throws SQLException {
        List<String> groupIds = new ArrayList<>(new LinkedHashSet<>(due.stream().map(row -> row.key().groupId()).toList()));
        Map<String, String> sources = new HashMap<>();
        PreparedStatement select = groupIds.isEmpty() ? null : tx.prepare(SOURCES_BY_CHUNK);
        for (int from = 0; from < groupIds.size(); from += SOURCES_CHUNK) {
            for (int i = 0; i < SOURCES_CHUNK; i++) {
                select.setString(i + 1, groupIds.get(Math.min(from + i, groupIds.size() - 1)));
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    sources.put(row.getString(1), row.getString(2));
                }
            }
        }
        return sources;
    }

    /** A due message as the locking read found it. */
    private record Row(MessageKey key, byte[] payload, String contentType, String headers, int attempts,
                       int attemptBase, long nextAttemptAt) {

        DueMessage message(String source, Map<String, String> parsedHeaders, DueClaim claim) {
            return new DueMessage(key.groupId(), source, key.messageId(), claim.target(), claim.method(), payload,
                    contentType, parsedHeaders, attempts, attemptBase);
        }
    }
}
