package io.lottor.server;

/** The server could not start: its message says what could not be had (data directory, port). */
public final class ServerStartException extends RuntimeException {
    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
