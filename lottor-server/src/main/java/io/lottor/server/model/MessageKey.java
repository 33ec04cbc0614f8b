package io.lottor.server.model;

/** Identifies one message: its group and its id within the group. */
public record MessageKey(String groupId, String messageId) {
    @Override
    public String toString() {
        return groupId + "/" + messageId;
    }
}
