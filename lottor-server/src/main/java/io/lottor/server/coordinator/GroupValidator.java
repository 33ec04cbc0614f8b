package io.lottor.server.coordinator;

import io.lottor.server.model.CheckBackUrls;
import io.lottor.server.model.InvalidArgumentException;
import io.lottor.server.model.Limits;
import io.lottor.server.model.NewGroup;
import io.lottor.server.model.NewMessage;
import io.lottor.server.model.ResourceExhaustedException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a Prepare against {@link Limits}. Every error names the field (proto field names, with the
 * message index, e.g. {@code messages[3].method}) and the limit.
 */
public final class GroupValidator {
    private final Limits limits;
    private final CheckBackUrls checkBackUrls;

    /** Refuses every {@code check_back_url}. */
    public GroupValidator(Limits limits) {
        this(limits, CheckBackUrls.NONE);
    }

    /** Accepts the {@code check_back_url}s {@code checkBackUrls} permits. */
    public GroupValidator(Limits limits, CheckBackUrls checkBackUrls) {
        this.limits = limits;
        this.checkBackUrls = checkBackUrls;
    }

    /** Throws {@link InvalidArgumentException} or {@link ResourceExhaustedException}; returns normally if valid. */
    public void validate(NewGroup group) {
        requireGroupId(group.groupId());
        requireText("source", group.source(), limits.maxNameLength());
        optionalText("instance_id", group.instanceId(), limits.maxNameLength());
        requireMessages(group.messages());
        if (group.checkAfterMs() < 0) {
            throw new InvalidArgumentException("check_after_ms", "check_after_ms must not be negative, got " + group.checkAfterMs());
        }
        requireEntries("attributes", group.attributes());
        checkBackUrls.require(group.checkBackUrl());
        long size = group.sizeBytes();
        if (size > limits.maxRequestBytes()) {
            throw new ResourceExhaustedException("request", "request is " + size + " bytes, over the limit of "
                    + limits.maxRequestBytes() + " bytes (max-request-bytes)");
        }
    }

    /** Checks a group id given to Commit, Rollback or GetGroup. */
    public void requireGroupId(String groupId) {
        requireGroupId("group_id", groupId);
    }

    /** Checks a group id given in {@code field}, e.g. {@code group_ids[3]}. */
    public void requireGroupId(String field, String groupId) {
        requireText(field, groupId, limits.maxGroupIdLength());
    }

    private void requireMessages(List<NewMessage> messages) {
        if (messages.isEmpty()) {
            throw new InvalidArgumentException("messages", "messages must hold at least 1 message, got none");
        }
        if (messages.size() > limits.maxMessagesPerGroup()) {
            throw new InvalidArgumentException("messages", "messages holds " + messages.size()
                    + " messages, over the limit of " + limits.maxMessagesPerGroup() + " (max-messages-per-group)");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            NewMessage message = messages.get(i);
            String at = "messages[" + i + "]";
            requireText(at + ".message_id", message.messageId(), limits.maxIdLength());
            if (!seen.add(message.messageId())) {
                throw new InvalidArgumentException(at + ".message_id", at + ".message_id \"" + message.messageId()
                        + "\" is used by an earlier message; message ids must be unique in their group");
            }
            requireText(at + ".target", message.target(), limits.maxNameLength());
            requireText(at + ".method", message.method(), limits.maxNameLength());
            optionalText(at + ".content_type", message.contentType(), limits.maxNameLength());
            if (message.payload().length > limits.maxPayloadBytes()) {
                throw new ResourceExhaustedException(at + ".payload", at + ".payload is " + message.payload().length
                        + " bytes, over the limit of " + limits.maxPayloadBytes() + " bytes (max-payload-bytes)");
            }
            requireEntries(at + ".headers", message.headers());
        }
    }

    private void requireEntries(String field, Map<String, String> entries) {
        if (entries.size() > limits.maxEntries()) {
            throw new InvalidArgumentException(field, field + " holds " + entries.size()
                    + " entries, over the limit of " + limits.maxEntries());
        }
        for (String key : entries.keySet()) {
            if (key.isEmpty() || key.length() > limits.maxNameLength()) {
                throw new InvalidArgumentException(field, field + " keys must be 1 to " + limits.maxNameLength()
                        + " characters, got " + key.length());
            }
        }
    }

    private static void requireText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidArgumentException(field, field + " must not be empty (1 to " + max + " characters)");
        }
        optionalText(field, value, max);
    }

    private static void optionalText(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidArgumentException(field, field + " is " + value.length()
                    + " characters, over the limit of " + max);
        }
    }
}
