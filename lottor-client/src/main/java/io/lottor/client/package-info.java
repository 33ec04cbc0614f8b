/**
 * The plain-Java Lottor client: one {@link io.lottor.client.LottorClient} per process keeps a session
 * with the coordinator, sends transaction groups ({@link io.lottor.client.TransactionGroup},
 * {@link io.lottor.client.LottorClient#inTransaction}), consumes messages
 * ({@link io.lottor.client.LottorClient#subscribe}) and answers check-backs
 * ({@link io.lottor.client.JdbcBarrier} or a custom {@link io.lottor.client.CheckBackHandler}).
 *
 * <p>Choices where the design is silent:
 * <ul>
 *   <li>{@code build()} returns at once and connects in the background; {@code isConnected()} turns
 *       true on Welcome ({@code awaitConnected(Duration)} waits for it). Subscribing reopens the
 *       session with a new Hello (several subscribes in a row coalesce); the coordinator redelivers what
 *       was in flight on the old one.</li>
 *   <li>Results and check-back replies go out on whichever session is open when they are ready; when
 *       none is, they are dropped and the coordinator redelivers or asks again.</li>
 *   <li>Prepare, and blocking Commit/Rollback, retry UNAVAILABLE 3 times (200 ms doubling, jittered).
 *       Background Commit/Rollback retry UNAVAILABLE and DEADLINE_EXCEEDED for one minute, then log a
 *       warning and leave the group to the check-back.</li>
 *   <li>{@code inTransaction} requires the DataSource given to {@code builder().barrier(...)}, because
 *       check-backs are answered from that database.</li>
 *   <li>Several targets ({@code target("host1:9888,host2:9888")} or {@code targets(List)}) are resolved once
 *       per refresh by the client itself and balanced round-robin; unreachable ones are skipped, so a call
 *       that failed UNAVAILABLE is retried on another server, and a session whose server died reconnects
 *       (after the reconnect backoff) to another. One target uses gRPC's default (DNS) resolver.</li>
 *   <li>The client token travels as gRPC metadata {@code authorization: Bearer <token>} on every call, the
 *       Session stream included; it is sent over plaintext too, so use TLS outside a trusted network.</li>
 *   <li>{@code startOnBuild(false)} defers the session to {@code start()}, so that a framework can
 *       subscribe every method first; producing works before it.</li>
 *   <li>The default Jackson mapper registers JavaTimeModule, writes ISO dates and ignores unknown
 *       properties (producers and consumers evolve separately).</li>
 * </ul>
 *
 * <p>Every error is a {@link io.lottor.client.LottorException}, except that {@code inTransaction}
 * rethrows the work's own exception unchanged. Classes under {@code io.lottor.client.internal} are not
 * API and may change without notice.
 */
package io.lottor.client;
