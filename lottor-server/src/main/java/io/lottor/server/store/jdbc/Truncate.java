package io.lottor.server.store.jdbc;

/** Keeps stored error texts bounded. */
final class Truncate {
    static final int MAX_ERROR_LENGTH = 4096;

    private Truncate() {
    }

    /** {@code error} cut to {@link #MAX_ERROR_LENGTH} characters; null stays null. */
    static String error(String error) {
        if (error == null || error.length() <= MAX_ERROR_LENGTH) {
            return error;
        }
        return error.substring(0, MAX_ERROR_LENGTH);
    }
}
