package io.lottor.server.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The formatted log message with control characters escaped, so that a client-supplied string (a group
 * id, a service name, an error text) can neither start a forged log line nor send terminal escapes: CR,
 * LF and TAB become {@code \r}, {@code \n}, {@code \t}; every other C0 or C1 control character, DEL and
 * the Unicode line and paragraph separators become {@code \\uXXXX}. The server's {@code logback.xml}
 * registers it as {@code %escapedMsg} and uses it in place of {@code %msg}. Thread-safe.
 */
public final class EscapedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return escape(super.convert(event));
    }

    /** {@code text} with its control characters escaped; the same string when it has none. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int first = firstControl(text);
        if (first < 0) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            append(escaped, text.charAt(i));
        }
        return escaped.toString();
    }

    private static int firstControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static void append(StringBuilder escaped, char c) {
        switch (c) {
            case '\r' -> escaped.append("\\r");
            case '\n' -> escaped.append("\\n");
            case '\t' -> escaped.append("\\t");
            default -> {
                if (isControl(c)) {
                    escaped.append(String.format("\\u%04x", (int) c));
                } else {
                    escaped.append(c);
                }
            }
        }
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
