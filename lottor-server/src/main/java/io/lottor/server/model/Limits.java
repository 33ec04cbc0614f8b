package io.lottor.server.model;

/**
 * How much the server takes: the size limits Prepare enforces, and the bounds on the work it holds in
 * memory at once. Every limit is configurable; {@link #DEFAULTS} are DESIGN §3's sizes and §6's bounded
 * write queue.
 *
 * @param maxGroupIdLength     characters in a group id
 * @param maxIdLength          characters in a message id
 * @param maxNameLength        characters in a service name (source, target), method or instance id
 * @param maxMessagesPerGroup  messages in one group
 * @param maxPayloadBytes      bytes in one payload
 * @param maxRequestBytes      bytes in one Prepare request, all fields counted
 * @param maxEntries           entries in a headers or attributes map
 * @param maxQueuedWrites      writes waiting in (or being run by) the store's writer; past it, Prepare,
 *                             Commit and Rollback are refused as overloaded
 * @param maxQueuedBytes       request bytes (Prepares' {@link NewGroup#sizeBytes()}) waiting in the store's
 *                             writer; past it, the same
 * @param maxInboundBytes      memory the requests both transports are reading may take at once: a gRPC
 *                             call counts as {@link #maxInboundMessageBytes()} (its largest message, read
 *                             and parsed) until its handler ran, an HTTP request as three times its body
 *                             (bytes, JSON tree, decoded payloads); past it, gRPC calls wait their turn or
 *                             are refused as overloaded, HTTP requests are refused as overloaded
 */
public record Limits(
        int maxGroupIdLength,
        int maxIdLength,
        int maxNameLength,
        int maxMessagesPerGroup,
        int maxPayloadBytes,
        int maxRequestBytes,
        int maxEntries,
        int maxQueuedWrites,
        long maxQueuedBytes,
        long maxInboundBytes) {

    /** Writes the store's queue holds by default. */
    public static final int DEFAULT_MAX_QUEUED_WRITES = 10_000;
    /** Request bytes the store's queue holds by default: 64 MiB. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 64L << 20;
    /** Memory the requests being read may take by default: 32 MiB. */
    public static final long DEFAULT_MAX_INBOUND_BYTES = 32L << 20;

    public static final Limits DEFAULTS = new Limits(64, 64, 128, 1000, 1 << 20, 4 << 20, 64);

    public Limits {
        if (maxQueuedWrites < 1 || maxQueuedBytes < 1 || maxInboundBytes < 1) {
            throw new IllegalArgumentException("maxQueuedWrites, maxQueuedBytes and maxInboundBytes must be at least 1");
        }
    }

    /** The size limits, with the default bounds on queued and inbound work. */
    public Limits(int maxGroupIdLength, int maxIdLength, int maxNameLength, int maxMessagesPerGroup,
                  int maxPayloadBytes, int maxRequestBytes, int maxEntries) {
        this(maxGroupIdLength, maxIdLength, maxNameLength, maxMessagesPerGroup, maxPayloadBytes, maxRequestBytes,
                maxEntries, DEFAULT_MAX_QUEUED_WRITES, DEFAULT_MAX_QUEUED_BYTES, DEFAULT_MAX_INBOUND_BYTES);
    }

    /** These limits with other bounds on queued and inbound work. */
    public Limits withLoadBounds(int queuedWrites, long queuedBytes, long inboundBytes) {
        return new Limits(maxGroupIdLength, maxIdLength, maxNameLength, maxMessagesPerGroup, maxPayloadBytes,
                maxRequestBytes, maxEntries, queuedWrites, queuedBytes, inboundBytes);
    }

    /** The largest gRPC message the server reads: twice a request, so an oversized Prepare is told its size. */
    public int maxInboundMessageBytes() {
        return (int) Math.min(Integer.MAX_VALUE, 2L * maxRequestBytes);
    }
}
