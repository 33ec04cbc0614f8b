package io.lottor.client;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

/** The index names a database's metadata lists for a table, lower case. */
final class TableIndexes {
    private TableIndexes() {
    }

    static Set<String> of(DataSource dataSource, String table) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metadata = connection.getMetaData();
            for (String name : Set.of(table, table.toUpperCase(Locale.ROOT))) {
                try (ResultSet rows = metadata.getIndexInfo(connection.getCatalog(), null, name, false, true)) {
                    while (rows.next()) {
                        String index = rows.getString("INDEX_NAME");
                        if (index != null) {
                            names.add(index.toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
        }
        return names;
    }
}
