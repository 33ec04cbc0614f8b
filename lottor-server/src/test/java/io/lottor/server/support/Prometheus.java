package io.lottor.server.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a {@code /metrics} text. */
public final class Prometheus {
    private Prometheus() {
    }

    /** The value of the sample {@code name{...labels...}}, or 0 when absent; labels "" for a sample without labels. */
    public static double value(String text, String name, String label) {
        String labels = label.isEmpty() ? "(\\{[^}]*})?" : "\\{[^}]*" + Pattern.quote(label) + "[^}]*}";
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + labels + " (\\S+)$").matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(matcher.groupCount())) : 0;
    }
}
