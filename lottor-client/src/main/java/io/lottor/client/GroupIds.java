package io.lottor.client;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * The group ids Lottor makes when the caller gives none: time-ordered UUIDs (version 7, RFC 9562). The
 * first 48 bits are the Unix time in milliseconds, the next 12 a counter that keeps the ids one JVM makes
 * in the same millisecond in order, the last 62 random. Their text sorts by creation time, so the
 * B-tree indexes keyed by group id (the coordinator's tables, the producer's barrier table) take each
 * new id next to the last one instead of at a random page: fewer pages written per commit, and a
 * warmer cache, on SQLite, PostgreSQL and MySQL alike. Thread-safe.
 */
public final class GroupIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_COUNTER = 0xFFF;
    private static final GroupIds JVM = new GroupIds();
    private long lastMillis;
    private int counter;

    /** A generator of its own (tests); {@link #next()} uses the JVM's one. */
    GroupIds() {
    }

    /** A new version 7 UUID, as 36 characters, later (as text) than every one this JVM made before. */
    public static String next() {
        return JVM.make(System.currentTimeMillis()).toString();
    }

    /** A new version 7 UUID made at {@code nowMillis} (a clock that went back counts as the last time seen). */
    synchronized UUID make(long nowMillis) {
        if (nowMillis > lastMillis) {
            lastMillis = nowMillis;
            counter = 0;
        } else if (++counter > MAX_COUNTER) {
            lastMillis++;
            counter = 0;
        }
        long high = (lastMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | counter;
        long low = RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
