/**
 * The {@link io.lottor.server.store.Store} on JDBC databases: {@link io.lottor.server.store.jdbc.JdbcStore}
 * with one {@link io.lottor.server.store.jdbc.Dialect} per database: {@code SqliteDialect}, the embedded
 * default ({@code JdbcStore.openSqlite(dataDir)}), and {@code PostgresDialect} and {@code MysqlDialect}
 * for databases several servers share ({@code JdbcStore.open(dialect, url, …)}). Schemas are Flyway
 * migrations under {@code db/migration/<dialect>}, the same versions with the same tables, columns and
 * indexes in each folder. The SQL of the reads and writes is portable; what is not (insert-if-absent,
 * the claim lock, which failures are contention) is the dialect's.
 *
 * <p>Writes use group commit: one writer thread and connection run every queued write in one
 * transaction per batch (a rejected write fails alone: the batch runs again without it, each write then
 * in its own savepoint), one durable
 * COMMIT per batch; futures complete after that commit, off the writer thread. A batch that meets
 * contention or loses its connection before COMMIT runs again as a whole, a bounded number of times.
 * Reads use separate pooled connections (SQLite: {@code SqliteReaderPool}; server databases: HikariCP)
 * and never wait for the writer. State changes are conditional UPDATEs guarded by the
 * transitions {@code GroupState} and {@code MessageState} allow, so a stale or duplicate request
 * changes nothing.
 *
 * <p>Choices where the SPI is silent: a {@code Requeued} outcome records its error as the last error
 * when it has one and keeps the previous one otherwise; a message in flight has no next attempt time
 * (0); a check-back claim does not change {@code updated_at}; purge deletes a group's messages with it.
 *
 * <p>History, written in the same write as the state change: the events on every group's way
 * (PREPARED, COMMITTED, the current attempt's DELIVERED, CONSUMED, COMPLETED) are columns of the group
 * and message rows ({@code created_at}, {@code committed_at}/{@code committed_by}, {@code delivered_at},
 * {@code consumed_at}, {@code completed_at}); the others are rows of {@code lottor_event} (see
 * {@code EventWrites}), including the DELIVERED of an attempt that ended without CONSUMED, written when
 * it ends. {@code AdminReads} merges both in one statement. A purged group's events go by
 * {@code ON DELETE CASCADE}. Listings page by keyset
 * ({@code created_at, group_id} for groups, {@code updated_at, group_id, message_id} for messages) in
 * portable SQL (OR-expanded comparisons, {@code SUBSTR} for the id prefix, {@code LIMIT ?}).
 */
package io.lottor.server.store.jdbc;
