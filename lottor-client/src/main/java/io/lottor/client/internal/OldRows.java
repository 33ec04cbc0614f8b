package io.lottor.client.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads and deletes old rows of a table in small batches, each on a connection of its own: a read of
 * at most a batch of keys on the table's time index, then one short transaction deleting those keys by
 * primary key. Locks are held for one batch only, so producers and consumers writing the same table
 * wait for a few milliseconds at most. Thread-safe.
 */
public final class OldRows {
    /** Keys per batch: few enough for a short transaction, within the coordinator's 1000 ids per GroupStates. */
    public static final int BATCH = 500;

    private final DataSource dataSource;

    public OldRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The rows {@code selectSql} answers with {@code parameters} bound in order, each as its string columns. */
    public List<String[]> select(String selectSql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(selectSql)) {
            connection.setAutoCommit(true);
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            List<String[]> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    String[] row = new String[columns];
                    for (int c = 0; c < columns; c++) {
                        row[c] = result.getString(c + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    /**
     * Runs {@code deleteSql} (one key's parameters, e.g. {@code WHERE group_id = ?}) for each of
     * {@code keys} in one transaction; answers how many rows it deleted.
     */
    public int delete(String deleteSql, List<String[]> keys) throws SQLException {
        if (keys.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(deleteSql)) {
            connection.setAutoCommit(false);
            try {
                for (String[] key : keys) {
                    for (int i = 0; i < key.length; i++) {
                        delete.setString(i + 1, key[i]);
                    }
                    delete.addBatch();
                }
                int deleted = count(delete.executeBatch());
                connection.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                SqlErrors.rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static int count(int[] counts) {
        int total = 0;
        for (int count : counts) {
            total += count == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
        }
        return total;
    }
}
