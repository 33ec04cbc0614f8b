package io.lottor.server.store.jdbc;

/** Keeps stored error texts bounded. */
final class Truncate {
    static final int MAX_ERROR_LENGTH = 4096;

    private Truncate() {
    }

    /** {@code error} cut to at most {@link #MAX_ERROR_LENGTH} characters, never inside a surrogate pair; null stays null. */
    static String error(String error) {
        if (error == null || error.length() <= MAX_ERROR_LENGTH) {
            return error;
        }
        int end = Character.isHighSurrogate(error.charAt(MAX_ERROR_LENGTH - 1)) ? MAX_ERROR_LENGTH - 1 : MAX_ERROR_LENGTH;
        return error.substring(0, end);
    }
}
