/**
 * The plain-Java Lottor client: one {@link io.lottor.client.LottorClient} per process keeps a session
 * with the coordinator, sends transaction groups ({@link io.lottor.client.TransactionGroup},
 * {@link io.lottor.client.LottorClient#inTransaction}), consumes messages
 * ({@link io.lottor.client.LottorClient#subscribe}) and answers check-backs
 * ({@link io.lottor.client.JdbcBarrier} or a custom {@link io.lottor.client.CheckBackHandler}).
 *
 * <p>Every error is a {@link io.lottor.client.LottorException}. Classes under
 * {@code io.lottor.client.internal} are not API and may change without notice.
 */
package io.lottor.client;
