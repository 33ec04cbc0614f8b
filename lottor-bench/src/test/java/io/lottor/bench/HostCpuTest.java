package io.lottor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostCpuTest {
    private static final String BEFORE = """
            cpu  1000 10 400 8000 100 0 40 50 0 0
            cpu0 500 5 200 4000 50 0 20 25 0 0
            intr 12345
            """;
    private static final String AFTER = """
            cpu  1600 10 600 8900 140 0 60 90 0 0
            cpu0 800 5 300 4450 70 0 30 45 0 0
            """;

    @Test
    void readsTheAggregateCpuLineOfProcStat() {
        HostCpu cpu = HostCpu.parse(BEFORE);

        assertThat(cpu.total()).isEqualTo(1000 + 10 + 400 + 8000 + 100 + 0 + 40 + 50);
        assertThat(cpu.steal()).isEqualTo(50);
        assertThat(cpu.busy()).as("all but idle and iowait").isEqualTo(1000 + 10 + 400 + 40 + 50);
    }

    @Test
    void stealIsItsShareOfAllTicksOfTheInterval() {
        HostCpu.Usage usage = HostCpu.parse(AFTER).since(HostCpu.parse(BEFORE));

        // deltas: user 600, system 200, idle 900, iowait 40, softirq 20, steal 40: 1800 ticks
        assertThat(usage.stealPct()).isEqualTo(100.0 * 40 / 1800);
        assertThat(usage.busyPct()).isEqualTo(100.0 * (600 + 200 + 20 + 40) / 1800);
        assertThat(usage.stealTooHigh()).as("2.2 % is above 2 %").isTrue();
        assertThat(usage.warning()).contains("steal time was 2.2 %").contains("above 2 %");
    }

    @Test
    void stealUnderTwoPercentIsNoWarning() {
        HostCpu before = new HostCpu(10_000, 5_000, 100);
        HostCpu after = new HostCpu(20_000, 15_000, 299);

        assertThat(after.since(before).stealPct()).isEqualTo(1.99);
        assertThat(after.since(before).stealTooHigh()).isFalse();
    }

    @Test
    void noUsageWithoutAReadingOrWithoutTicks() {
        HostCpu cpu = HostCpu.parse(BEFORE);

        assertThat(HostCpu.UNKNOWN.since(cpu)).isNull();
        assertThat(cpu.since(HostCpu.UNKNOWN)).isNull();
        assertThat(cpu.since(cpu)).isNull();
    }

    @Test
    void refusesATextWithoutTheCpuLineOrWithoutTheStealField() {
        assertThatThrownBy(() -> HostCpu.parse("intr 1 2 3\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no aggregate cpu line");
        assertThatThrownBy(() -> HostCpu.parse("cpu  1 2 3 4 5 6 7\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 7 fields, need at least 8");
    }

    @Test
    void readsThisHostsProcStatWhereThereIsOne() {
        HostCpu now = HostCpu.now();

        if (now != HostCpu.UNKNOWN) {
            assertThat(now.total()).isPositive();
            assertThat(now.steal()).isBetween(0L, now.total());
        }
    }
}
