package io.lottor.client.internal;

import java.util.ArrayList;
import java.util.List;

/** Turns a failure into the one-line text reported to the coordinator. */
public final class ErrorText {
    /** The coordinator keeps at most this many characters of an error. */
    public static final int MAX_LENGTH = 4096;
    private static final int MAX_CAUSES = 5;

    private ErrorText() {
    }

    /**
     * The exception's message (its class name when it has none), then a summary of its causes:
     * {@code "boom (caused by SQLException: connection refused)"}; cut to {@link #MAX_LENGTH}.
     */
    public static String of(Throwable t) {
        List<String> causes = new ArrayList<>();
        Throwable previous = t;
        String text = headline(t);
        for (Throwable c = t.getCause(); c != null && c != previous && causes.size() < MAX_CAUSES; c = c.getCause()) {
            String message = String.valueOf(c.getMessage());
            if (!text.contains(message)) {
                causes.add(c.getClass().getSimpleName() + ": " + message);
            }
            previous = c;
        }
        return cut(causes.isEmpty() ? text : text + " (caused by " + String.join("; caused by ", causes) + ")");
    }

    private static String headline(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getName() : message;
    }

    /** {@code text} cut to {@link #MAX_LENGTH} characters. */
    public static String cut(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH);
    }
}
