package io.lottor.server.store.jdbc;

/** Keeps stored texts (errors, addresses) within their columns. */
final class Truncate {
    static final int MAX_ERROR_LENGTH = 4096;

    private Truncate() {
    }

    /** {@code error} cut to at most {@link #MAX_ERROR_LENGTH} characters, never inside a surrogate pair; null stays null. */
    static String error(String error) {
        return to(error, MAX_ERROR_LENGTH);
    }

    /** {@code text} cut to at most {@code max} characters, never inside a surrogate pair; null stays null. */
    static String to(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}
