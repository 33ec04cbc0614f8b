package io.lottor.server.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A group as a producer prepares it, already validated.
 *
 * @param checkAfterMs how long after Prepare the first check-back is due; never 0 here (the
 *                     coordinator fills in the server default)
 * @param checkBackUrl where the server asks the producer about the group instead of over a session of
 *                     its source (producers without a session, e.g. over HTTP); null for none. Not part of
 *                     the content: a retried Prepare keeps the first one
 */
public record NewGroup(
        String groupId,
        String source,
        String instanceId,
        List<NewMessage> messages,
        long checkAfterMs,
        Map<String, String> attributes,
        String checkBackUrl) {

    public NewGroup {
        messages = List.copyOf(messages);
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
        instanceId = instanceId == null ? "" : instanceId;
        checkBackUrl = checkBackUrl == null || checkBackUrl.isEmpty() ? null : checkBackUrl;
    }

    /** A group whose check-backs go to sessions of its source. */
    public NewGroup(String groupId, String source, String instanceId, List<NewMessage> messages, long checkAfterMs,
                    Map<String, String> attributes) {
        this(groupId, source, instanceId, messages, checkAfterMs, attributes, null);
    }

    /**
     * SHA-256 over what makes two Prepares of the same group "the same": the source and every
     * message's fields in order. Instance id, check-after, attributes and check-back URL may differ
     * between retries.
     */
    public String contentHash() {
        MessageDigest digest = sha256();
        update(digest, source);
        for (NewMessage message : messages) {
            update(digest, message.messageId());
            update(digest, message.target());
            update(digest, message.method());
            update(digest, message.contentType());
            digest.update(longBytes(message.payload().length));
            digest.update(message.payload());
            for (Map.Entry<String, String> header : new TreeMap<>(message.headers()).entrySet()) {
                update(digest, header.getKey());
                update(digest, header.getValue());
            }
            update(digest, "\u0000end");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The group's size as a request: the UTF-8 bytes of every id, name and map entry plus every payload.
     * What {@link Limits#maxRequestBytes()} bounds, and what the group weighs in the store's write queue.
     */
    public long sizeBytes() {
        long size = utf8(groupId) + utf8(source) + utf8(instanceId) + entryBytes(attributes) + utf8(checkBackUrl);
        for (NewMessage message : messages) {
            size += utf8(message.messageId()) + utf8(message.target()) + utf8(message.method())
                    + utf8(message.contentType()) + message.payload().length + entryBytes(message.headers());
        }
        return size;
    }

    private static long entryBytes(Map<String, String> entries) {
        return entries.entrySet().stream().mapToLong(e -> utf8(e.getKey()) + utf8(e.getValue())).sum();
    }

    private static int utf8(String value) {
        return value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void update(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(longBytes(bytes.length));
        digest.update(bytes);
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        for (int i = 7; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return bytes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
