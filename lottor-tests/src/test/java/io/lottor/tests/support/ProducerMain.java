package io.lottor.tests.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;

import io.lottor.client.LottorClient;
import io.lottor.client.TransactionGroup;

/**
 * The user service as a process a test can kill -9. Arguments: {@code mode target service instanceId
 * dbFile groupId consumerTarget}. Modes:
 * <ul>
 *   <li>{@code die-after-local-commit}: prepares the group, commits the local transaction (user row and
 *       barrier row), prints {@code LOCAL_COMMITTED}, never sends Commit, and waits to be killed;</li>
 *   <li>{@code die-before-local-commit}: prepares the group, inserts the user and barrier rows in a local
 *       transaction it leaves open, prints {@code LOCAL_OPEN}, and waits to be killed;</li>
 *   <li>{@code answer-check-backs}: a fresh instance that answers check-backs from the database's
 *       barrier table; prints {@code READY} once its session is up.</li>
 * </ul>
 * The dying modes do not answer check-backs, so only a later instance can resolve their group.
 */
public final class ProducerMain {
    private ProducerMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        TestDatabase database = TestDatabase.open(Path.of(args[4]), TestDatabase.USER_SCHEMA);
        if (mode.equals("answer-check-backs")) {
            LottorClient client = LottorClient.builder().target(args[1]).service(args[2]).instanceId(args[3])
                    .barrier(database.dataSource()).build();
            awaitConnected(client);
            print("READY instance=" + args[3]);
        } else {
            LottorClient client = LottorClient.builder().target(args[1]).service(args[2]).instanceId(args[3]).build();
            prepareAndRunLocalTransaction(client, database, args[5], args[6], mode.equals("die-after-local-commit"));
        }
        exitWhenParentDies();
    }

    private static void prepareAndRunLocalTransaction(LottorClient client, TestDatabase database, String groupId,
            String consumerTarget, boolean commitLocally) throws Exception {
        TransactionGroup group = client.begin(groupId);
        group.send(consumerTarget, "auth-role", new UserRole(groupId + "-user", "admin"));
        group.prepare();
        Barrier barrier = new Barrier(database.dataSource());
        Connection connection = database.dataSource().getConnection();
        connection.setAutoCommit(false);
        TestDatabase.insertUser(connection, groupId + "-user", "admin");
        barrier.insertCommitted(connection, groupId);
        if (commitLocally) {
            connection.commit();
            print("LOCAL_COMMITTED group=" + groupId);
        } else {
            print("LOCAL_OPEN group=" + groupId);
        }
    }

    static void awaitConnected(LottorClient client) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!client.isConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("client did not connect within 30s");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Blocks until the test JVM closes this process's stdin (it ended, or was killed), then halts, so a
     * helper process never outlives its test.
     */
    static void exitWhenParentDies() throws IOException {
        System.in.transferTo(OutputStream.nullOutputStream());
        Runtime.getRuntime().halt(0);
    }

    static void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
