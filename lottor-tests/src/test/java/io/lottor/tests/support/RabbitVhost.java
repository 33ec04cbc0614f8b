package io.lottor.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A virtual host of its own on the machine's RabbitMQ (127.0.0.1:5672, guest/guest) for the tests of one
 * class, made with {@code rabbitmqctl} before them and deleted after them, with what the tests inspect
 * and do from the management side. A RabbitMQ that is not running skips the tests, except under
 * {@code CI=true}, where it fails them. Register it as a static field with {@code @RegisterExtension},
 * before the server that uses it.
 */
public final class RabbitVhost implements BeforeAllCallback, AfterAllCallback {
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final String name;

    public RabbitVhost(String prefix) {
        this.name = "lottor-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        boolean running = run(List.of("rabbitmqctl", "-q", "status")).exitCode() == 0;
        if (!running && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("RabbitMQ is not running at 127.0.0.1:5672 (rabbitmqctl status failed)");
        }
        Assumptions.assumeTrue(running, "RabbitMQ is not running at 127.0.0.1:5672");
        create();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        delete();
    }

    /** Makes the vhost (again) with guest's permissions on it. */
    public void create() {
        ctl("add_vhost", name);
        ctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
    }

    /** Deletes the vhost, its queues and messages, and closes its connections. */
    public void delete() {
        run(List.of("rabbitmqctl", "-q", "delete_vhost", name));
    }

    public String name() {
        return name;
    }

    /** The AMQP URI of the vhost as guest: what {@code --rabbitmq-uri} gets. */
    public String uri() {
        return "amqp://guest:guest@127.0.0.1:5672/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    /** Messages in {@code queue} (ready and unacknowledged), or empty if the vhost has no such queue. */
    public Optional<Long> messages(String queue) {
        for (String line : ctl("list_queues", "-p", name, "--no-table-headers", "name", "messages").lines().toList()) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length == 2 && columns[0].equals(queue)) {
                return Optional.of(Long.parseLong(columns[1]));
            }
        }
        return Optional.empty();
    }

    /** How many client connections the vhost has. */
    public int connections() {
        return connectionPids().size();
    }

    /** Closes every client connection of the vhost from the broker's side; answers how many. */
    public int closeConnections() {
        List<String> pids = connectionPids();
        for (String pid : pids) {
            run(List.of("rabbitmqctl", "-q", "close_connection", pid, "closed by test"));
        }
        return pids.size();
    }

    private List<String> connectionPids() {
        List<String> pids = new ArrayList<>();
        for (String line : ctl("list_connections", "-p", name, "--no-table-headers", "pid").lines().toList()) {
            if (line.trim().startsWith("<")) {
                pids.add(line.trim());
            }
        }
        return pids;
    }

    private String ctl(String... args) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        Result result = run(command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + result.exitCode() + "): " + result.output());
        }
        return result.output();
    }

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            if (command.get(0).equals("rabbitmqctl")) {
                return new Result(-1, "rabbitmqctl not found: " + e.getMessage());
            }
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    private record Result(int exitCode, String output) {
    }
}
