/**
 * End-to-end and fault tests: every test runs real server processes on real SQLite files and talks to
 * them over real sockets, through the Java client or a raw gRPC stub and HTTP. Group ids carry the
 * test's name, and every process's output is kept under target/process-logs.
 */
package io.lottor.tests;
