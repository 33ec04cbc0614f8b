package io.lottor.server.store.jdbc;

import java.sql.SQLException;
import java.util.regex.Pattern;

/** JDBC URLs and database errors made fit for a log line or a start-up message: one line, no password. */
public final class JdbcUrls {
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;][a-z]*password=)[^&;]*");
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/:@?]+:)[^/@?]*@");
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");
    private static final String HIDDEN = "***";

    private JdbcUrls() {
    }

    /** {@code url} with the values of {@code password=}-like parameters and of {@code user:password@} hidden. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String hidden = PASSWORD_PARAMETER.matcher(url).replaceAll("$1" + HIDDEN);
        return USER_INFO_PASSWORD.matcher(hidden).replaceAll("$1" + HIDDEN + "@");
    }

    /**
     * The database's own error in {@code failure} (its innermost SQLException, where libraries wrap one)
     * as one line, with {@code password} hidden wherever it appears.
     */
    static String oneLine(Throwable failure, String password) {
        Throwable reason = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                reason = cause;
            }
        }
        String message = reason.getMessage() != null ? reason.getMessage() : reason.toString();
        String line = LINE_BREAKS.matcher(message.strip()).replaceAll(" ");
        if (password != null && !password.isEmpty()) {
            line = line.replace(password, HIDDEN);
        }
        return redact(line);
    }
}
