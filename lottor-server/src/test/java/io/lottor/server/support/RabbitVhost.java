package io.lottor.server.support;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A vhost of a test's own on the machine's RabbitMQ (127.0.0.1:5672, guest/guest), made and deleted with
 * {@code rabbitmqctl}. A RabbitMQ that is not running skips the test, except under {@code CI=true}, where
 * it fails it.
 */
public final class RabbitVhost implements AutoCloseable {
    private final String name = "lottor-server-test-" + UUID.randomUUID().toString().substring(0, 8);
    private boolean created;

    /** A vhost name, not made yet. */
    public static RabbitVhost named() {
        boolean running = run("status") == 0;
        if (!running && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("RabbitMQ is not running at 127.0.0.1:5672 (rabbitmqctl status failed)");
        }
        Assumptions.assumeTrue(running, "RabbitMQ is not running at 127.0.0.1:5672");
        return new RabbitVhost();
    }

    /** Makes the vhost with guest's permissions. */
    public RabbitVhost create() {
        require(run("add_vhost", name), "add_vhost");
        require(run("set_permissions", "-p", name, "guest", ".*", ".*", ".*"), "set_permissions");
        created = true;
        return this;
    }

    public String name() {
        return name;
    }

    /** {@code amqp://guest:guest@127.0.0.1:5672/<vhost>}. */
    public String uri() {
        return "amqp://guest:guest@127.0.0.1:5672/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (created) {
            run("delete_vhost", name);
        }
    }

    private static void require(int exitCode, String what) {
        if (exitCode != 0) {
            throw new AssertionError("rabbitmqctl " + what + " failed: " + exitCode);
        }
    }

    private static int run(String... args) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
