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
        byte[] length = new byte[Long.BYTES];
        update(digest, length, source);
        for (NewMessage message : messages) {
            update(digest, length, message.messageId());
            update(digest, length, message.target());
            update(digest, length, message.method());
            update(digest, length, message.contentType());
            digest.update(longBytes(length, message.payload().length));
            digest.update(message.payload());
            Map<String, String> headers = message.headers().size() < 2
                    ? message.headers() : new TreeMap<>(message.headers());
            for (Map.Entry<String, String> header : headers.entrySet()) {
                update(digest, length, header.getKey());
                update(digest, length, header.getValue());
            }
            update(digest, length, "\u0000end");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The group's size as a request: the UTF-8 bytes of every id, name and map entry plus every payload.
     * What {@link Limits#maxRequestBytes()} bounds, and what the group weighs in the store's write queue.
     */
    public long sizeBytes() {
        long size = utf8Length(groupId) + utf8Length(source) + utf8Length(instanceId) + entryBytes(attributes)
                + utf8Length(checkBackUrl);
        for (NewMessage message : messages) {
            size += utf8Length(message.messageId()) + utf8Length(message.target()) + utf8Length(message.method())
                    + utf8Length(message.contentType()) + message.payload().length + entryBytes(message.headers());
        }
        return size;
    }

    /**
     * How many bytes {@code value.getBytes(UTF_8)} has, counted without encoding: a surrogate pair is 4
     * bytes, a lone surrogate 1 (the encoder writes '?' for it). 0 for null.
     */
    static int utf8Length(String value) {
        if (value == null) {
            return 0;
        }
        int length = value.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 2; // the pair's two chars are 4 bytes
                i++;
            }
        }
        return bytes;
    }

    private static long entryBytes(Map<String, String> entries) {
        long bytes = 0;
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            bytes += utf8Length(entry.getKey()) + utf8Length(entry.getValue());
        }
        return bytes;
    }

    private static void update(MessageDigest digest, byte[] length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(longBytes(length, bytes.length));
        digest.update(bytes);
    }

    /** {@code value} big-endian in {@code bytes} (8 of them), which it answers. */
    private static byte[] longBytes(byte[] bytes, long value) {
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
