/**
 * The end-to-end harness: real server processes ({@link io.lottor.tests.support.ServerProcess}), client
 * helper processes that a test can kill -9 ({@link io.lottor.tests.support.ChildProcess} running
 * {@link io.lottor.tests.support.ProducerMain} or {@link io.lottor.tests.support.ConsumerMain}), real
 * SQLite files ({@link io.lottor.tests.support.TestDatabase}) and views of what the server stored
 * ({@link io.lottor.tests.support.Inspector}).
 */
package io.lottor.tests.support;
