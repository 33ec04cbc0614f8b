package io.lottor.server.store.jdbc;

import java.util.Collections;

/** JDBC parameter lists: {@code ?, ?, ?}. */
final class Placeholders {
    private Placeholders() {
    }

    static String of(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
