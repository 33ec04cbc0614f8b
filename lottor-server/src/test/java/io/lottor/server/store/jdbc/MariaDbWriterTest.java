package io.lottor.server.store.jdbc;

import io.lottor.server.support.ServerDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The group-commit writer on the machine's MariaDB through the mysql dialect. */
class MariaDbWriterTest extends ServerDatabaseWriterTest {

    @Override
    protected ServerDatabase.Kind kind() {
        return ServerDatabase.Kind.MARIADB;
    }

    /** MariaDB raises a deadlock's own error (1213, 40001) from a procedure; the writer cannot tell it apart. */
    @Override
    protected void prepareDatabase() throws SQLException {
        database.execute("CREATE PROCEDURE injected_deadlock() SIGNAL SQLSTATE '40001'"
                + " SET MYSQL_ERRNO = 1213, MESSAGE_TEXT = 'injected deadlock'");
    }

    @Override
    protected String contentionStatement() {
        return "CALL injected_deadlock()";
    }

    /** InnoDB rolls back the transaction that changed fewer rows: the other session changes fifty first. */
    @Override
    protected void chooseTheWriterAsDeadlockVictim(Connection other) throws SQLException {
        try (Statement statement = other.createStatement()) {
            for (int i = 0; i < 50; i++) {
                statement.execute("INSERT INTO weight (id) VALUES (" + i + ")");
            }
        }
    }

    @Override
    protected boolean aSessionWaitsForALock() throws SQLException {
        return database.count("SELECT COUNT(*) FROM information_schema.innodb_trx t JOIN information_schema.processlist p"
                + " ON p.id = t.trx_mysql_thread_id WHERE p.db = ? AND t.trx_state = 'LOCK WAIT'", database.name()) > 0;
    }
}
