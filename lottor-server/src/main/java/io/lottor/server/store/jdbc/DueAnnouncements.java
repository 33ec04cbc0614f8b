package io.lottor.server.store.jdbc;

import io.lottor.server.store.DueRoute;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes with messages due, announced between the servers sharing a PostgreSQL database: the server that
 * committed a group whose target it has no consumer for says so ({@code pg_notify} in a write of its
 * writer, so the word leaves when that write commits), and every other server listens on a connection of
 * its own ({@code LISTEN}) and claims the route's messages at once. Without it they wait for the next
 * claiming scan, up to 500 ms on an idle cluster. The word is a hint, never the truth: a word lost (a
 * listener reconnecting, a server down) costs only the wait for the scans, and what a claim takes is
 * decided by the claim.
 *
 * <p>A word is {@code <length of server id>:<server id><length of target>:<target><method>}, so that no
 * character of a name can break it, on the channel {@value #CHANNEL}.
 */
final class DueAnnouncements {
    static final String CHANNEL = "lottor_due";
    private static final Logger log = LoggerFactory.getLogger(DueAnnouncements.class);
    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', ?)";
    private static final int POLL_MS = 500;
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);

    private DueAnnouncements() {
    }

    /** Announces {@code routes} in {@code tx}: the other servers hear it once the transaction commits. */
    static void announce(Transaction tx, Collection<DueRoute> routes, String serverId) throws SQLException {
        for (DueRoute route : routes) {
            PreparedStatement notify = tx.prepare(NOTIFY);
            notify.setString(1, word(serverId, route));
            notify.executeQuery().close();
        }
    }

    /** Starts listening on a connection of its own; closing the answer stops it within a poll. */
    static AutoCloseable listen(ConnectionFactory connections, String serverId, Consumer<DueRoute> listener) {
        Listener running = new Listener(connections, serverId, listener);
        running.thread.start();
        return running;
    }

    static String word(String serverId, DueRoute route) {
        return serverId.length() + ":" + serverId + route.target().length() + ":" + route.target() + route.method();
    }

    /** The route a word names, or null when {@code serverId} said it (or it is not a word of ours). */
    static DueRoute heard(String word, String serverId) {
        try {
            int colon = word.indexOf(':');
            int idEnd = colon + 1 + Integer.parseInt(word.substring(0, colon));
            if (word.substring(colon + 1, idEnd).equals(serverId)) {
                return null;
            }
            int targetColon = word.indexOf(':', idEnd);
            int targetEnd = targetColon + 1 + Integer.parseInt(word.substring(idEnd, targetColon));
            return new DueRoute(word.substring(targetColon + 1, targetEnd), word.substring(targetEnd));
        } catch (RuntimeException e) {
            log.debug("due announcement not understood word={}", word);
            return null;
        }
    }

    /** The listening thread: a connection that LISTENs, polled; opened again after a failure. */
    private static final class Listener implements AutoCloseable {
        private final ConnectionFactory connections;
        private final String serverId;
        private final Consumer<DueRoute> listener;
        private final Thread thread;
        private volatile boolean closing;

        private Listener(ConnectionFactory connections, String serverId, Consumer<DueRoute> listener) {
            this.connections = connections;
            this.serverId = serverId;
            this.listener = listener;
            this.thread = new Thread(this::run, "lottor-store-listen");
            thread.setDaemon(true);
        }

        private void run() {
            boolean failing = false;
            while (!closing) {
                try (Connection connection = connections.open()) {
                    connection.setAutoCommit(true);
                    try (Statement listen = connection.createStatement()) {
                        listen.execute("LISTEN " + CHANNEL);
                    }
                    if (failing) {
                        log.info("due announcements heard again");
                        failing = false;
                    }
                    PGConnection postgres = connection.unwrap(PGConnection.class);
                    while (!closing) {
                        PGNotification[] words = postgres.getNotifications(POLL_MS);
                        if (words != null) {
                            hear(words);
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    if (!closing) {
                        if (!failing) { // once an outage: the writer's own errors say the rest
                            log.warn("due announcements not heard; listening again every {} ms error={}",
                                    RECONNECT_PAUSE.toMillis(), e.toString());
                        }
                        failing = true;
                        pause();
                    }
                }
            }
        }

        private void hear(PGNotification[] words) {
            for (PGNotification word : words) {
                DueRoute route = heard(word.getParameter(), serverId);
                if (route != null) {
                    listener.accept(route);
                }
            }
        }

        private void pause() {
            try {
                Thread.sleep(RECONNECT_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closing = true;
            }
        }

        @Override
        public void close() {
            closing = true;
            try {
                thread.join(2 * POLL_MS + RECONNECT_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
