package io.lottor.server.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new physical connection to the store's database. Must be thread-safe. */
@FunctionalInterface
interface ConnectionFactory {
    Connection open() throws SQLException;
}
