package io.lottor.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.server.model.GroupState;
import io.lottor.server.model.GroupView;
import io.lottor.server.store.jdbc.JdbcStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a process that writes to the SQLite store (SIGKILL) and checks that every acknowledged write survived. */
class SqliteStoreCrashTest {
    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path workDir;

    @Test
    void everyAcknowledgedPrepareSurvivesKillOfTheProcess() throws Exception {
        Path dataDir = workDir.resolve("data");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Process child = startChild(dataDir);
        Thread reader = new Thread(() -> collectAcks(child, acknowledged), "crash-child-stdout");
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= ACKS_BEFORE_KILL || !child.isAlive());
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        try (Store store = JdbcStore.openSqlite(dataDir)) {
            for (String groupId : acknowledged) {
                GroupView group = store.findGroup(groupId)
                        .orElseThrow(() -> new AssertionError("acknowledged group " + groupId + " lost"));
                assertThat(group.state()).isEqualTo(GroupState.PREPARED);
                assertThat(group.messages()).hasSize(2);
            }
        }
    }

    private Process startChild(Path dataDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StoreCrashChild.class.getName(), dataDir.toString())
                .redirectError(workDir.resolve("child.err").toFile())
                .start();
    }

    private static void collectAcks(Process child, Set<String> acknowledged) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(StoreCrashChild.ACK)) {
                    acknowledged.add(line.substring(StoreCrashChild.ACK.length()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
