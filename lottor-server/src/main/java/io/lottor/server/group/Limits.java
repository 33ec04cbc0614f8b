package io.lottor.server.group;

/**
 * The size limits Prepare enforces. Every limit is configurable; {@link #DEFAULTS} are DESIGN §3's.
 *
 * @param maxGroupIdLength     characters in a group id
 * @param maxIdLength          characters in a message id
 * @param maxNameLength        characters in a service name (source, target), method or instance id
 * @param maxMessagesPerGroup  messages in one group
 * @param maxPayloadBytes      bytes in one payload
 * @param maxRequestBytes      bytes in one Prepare request, all fields counted
 * @param maxEntries           entries in a headers or attributes map
 */
public record Limits(
        int maxGroupIdLength,
        int maxIdLength,
        int maxNameLength,
        int maxMessagesPerGroup,
        int maxPayloadBytes,
        int maxRequestBytes,
        int maxEntries) {

    public static final Limits DEFAULTS = new Limits(64, 64, 128, 1000, 1 << 20, 4 << 20, 64);
}
