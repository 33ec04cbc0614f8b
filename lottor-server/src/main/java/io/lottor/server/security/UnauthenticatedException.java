package io.lottor.server.security;

import io.lottor.server.model.LottorException;

/** The caller presented no token, or not the one the endpoint needs. Always names field {@code authorization}. */
public final class UnauthenticatedException extends LottorException {
    public UnauthenticatedException(String message) {
        super("authorization", message);
    }

    @Override
    public String code() {
        return "UNAUTHENTICATED";
    }
}
