package io.lottor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The host's CPU time from the first line of {@code /proc/stat} ({@code cpu user nice system idle iowait
 * irq softirq steal ...}, in clock ticks), to tell how much CPU the hypervisor took away during a run
 * (steal): a run with more than {@link #STEAL_WARNING_PCT} % steal is not comparable with others.
 *
 * @param total every tick counted in the eight fields, steal included
 * @param busy  ticks not idle and not iowait
 * @param steal ticks the hypervisor gave to someone else
 */
record HostCpu(long total, long busy, long steal) {
    static final double STEAL_WARNING_PCT = 2.0;
    private static final Path PROC_STAT = Path.of("/proc/stat");
    static final HostCpu UNKNOWN = new HostCpu(0, 0, 0);

    /** The host's counters now; {@link #UNKNOWN} where there is no readable {@code /proc/stat}. */
    static HostCpu now() {
        try {
            return parse(Files.readString(PROC_STAT));
        } catch (IOException | IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** Parses the aggregate {@code cpu} line of a {@code /proc/stat} text. */
    static HostCpu parse(String procStat) {
        for (String line : procStat.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (!fields[0].equals("cpu")) {
                continue;
            }
            if (fields.length < 9) {
                throw new IllegalArgumentException("/proc/stat cpu line has " + (fields.length - 1)
                        + " fields, need at least 8 (user to steal): " + line);
            }
            long[] ticks = new long[8];
            for (int i = 0; i < ticks.length; i++) {
                ticks[i] = Long.parseLong(fields[i + 1]);
            }
            long total = 0;
            for (long t : ticks) {
                total += t;
            }
            long idle = ticks[3] + ticks[4];
            return new HostCpu(total, total - idle, ticks[7]);
        }
        throw new IllegalArgumentException("/proc/stat has no aggregate cpu line");
    }

    /** What the host did between {@code earlier} and this reading; null when either is unknown or no tick passed. */
    Usage since(HostCpu earlier) {
        long ticks = total - earlier.total;
        if (this == UNKNOWN || earlier == UNKNOWN || ticks <= 0) {
            return null;
        }
        return new Usage(100.0 * (busy - earlier.busy) / ticks, 100.0 * (steal - earlier.steal) / ticks);
    }

    /** Host CPU busy and stolen, in % of all CPU time of the interval (all cores). */
    record Usage(double busyPct, double stealPct) {
        boolean stealTooHigh() {
            return stealPct > STEAL_WARNING_PCT;
        }

        String warning() {
            return String.format(Locale.ROOT, "warning: the host's steal time was %.1f %% during the run (above %.0f %%):"
                    + " the hypervisor took CPU away; compare only runs with steal under %.0f %%", stealPct,
                    STEAL_WARNING_PCT, STEAL_WARNING_PCT);
        }
    }
}
