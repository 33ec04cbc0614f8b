package io.lottor.server.model;

/**
 * The caller's client token does not allow this for the service concerned (a token bound to other
 * services). Nothing was changed.
 */
public final class PermissionDeniedException extends LottorException {
    public PermissionDeniedException(String field, String message) {
        super(field, message);
    }

    @Override
    public String code() {
        return "PERMISSION_DENIED";
    }
}
