package io.lottor.samples.demo;

import io.lottor.server.DeliverySettings;
import io.lottor.server.ServerStartException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./lottor demo}: starts the stack, runs the three scenarios and tells them, then keeps running
 * for the admin UI until Ctrl-C, or with {@code --exit} stops and answers 0 only when every scenario
 * ended as expected.
 */
@Command(name = "lottor demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a Lottor server (fresh embedded store in a new temp directory), the sample "
                + "user-service and auth-service in one JVM, and the seed's three scenarios.")
final class DemoCommand implements Callable<Integer> {
    static final int SCENARIO_DIFFERED = 1;
    static final int CANNOT_START = 2;

    @Option(names = "--http-port", defaultValue = "9666", description = "HTTP port of the server (API, admin UI); default ${DEFAULT-VALUE}")
    int httpPort;
    @Option(names = "--grpc-port", defaultValue = "9888", description = "gRPC port of the server; default ${DEFAULT-VALUE}")
    int grpcPort;
    @Option(names = "--exit", description = "stop after the scenarios; exit code 0 only if all ended as expected")
    boolean exit;
    @Option(names = "--delivery", defaultValue = "direct",
            description = "how messages reach auth-service: direct (over its session), rabbitmq (through the"
                    + " machine's RabbitMQ, a durable queue per service) or kafka (a topic per service, on a"
                    + " broker the demo starts in-process unless --kafka-bootstrap is given); default ${DEFAULT-VALUE}")
    String delivery;
    @Option(names = "--rabbitmq-uri", defaultValue = DeliverySettings.DEFAULT_RABBITMQ_URI,
            description = "the RabbitMQ the server publishes to with --delivery rabbitmq; default ${DEFAULT-VALUE}")
    String rabbitmqUri;
    @Option(names = "--kafka-bootstrap",
            description = "the Kafka cluster of --delivery kafka, host:port[,host:port]; default: a one-node broker"
                    + " started in-process")
    String kafkaBootstrap;

    private final PrintStream out;
    private final Story story;

    DemoCommand(PrintStream out) {
        this.out = out;
        this.story = new Story(out);
    }

    @Override
    public Integer call() throws InterruptedException {
        story.title("Lottor demo: starting a server and the sample services...");
        DemoStack stack;
        DeliverySettings settings;
        try {
            settings = DeliverySettings.direct().withKind(DeliverySettings.Kind.named(delivery))
                    .withRabbitmqUri(rabbitmqUri);
            if (kafkaBootstrap != null) {
                settings = settings.withKafkaBootstrap(kafkaBootstrap);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("lottor demo: " + e.getMessage());
            return CANNOT_START;
        }
        try {
            stack = DemoStack.start(grpcPort, httpPort, settings, kafkaBootstrap == null);
        } catch (ServerStartException e) {
            System.err.println("lottor demo: cannot start the server: " + e.getMessage()
                    + (settings.kind() == DeliverySettings.Kind.DIRECT
                    ? "; pick free ports with --grpc-port and --http-port" : ""));
            return CANNOT_START;
        }
        CountDownLatch stopped = stopOnShutdown(stack);
        describe(stack);
        List<String> differences = runScenarios(stack);
        if (exit) {
            stack.close();
            return differences.isEmpty() ? 0 : SCENARIO_DIFFERED;
        }
        tellHowToLookAround(stack);
        stopped.await();
        return 0;
    }

    /** Ctrl-C (or SIGTERM) at any time stops the services and the server and deletes the data directory. */
    private CountDownLatch stopOnShutdown(DemoStack stack) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            if (!exit) {
                out.println("lottor demo: stopped");
            }
            stopped.countDown();
        }, "lottor-demo-shutdown"));
        return stopped;
    }

    private void describe(DemoStack stack) {
        story.said("server", "gRPC 127.0.0.1:" + stack.server().grpcPort() + ", HTTP " + stack.serverUri()
                + ", embedded store in " + stack.dataDir() + " (fresh, deleted on exit)");
        story.said("server", deliveryText(stack.delivery()));
        story.said("server", "failed deliveries are retried after " + DemoStack.RETRY_BACKOFF.toMillis()
                + " ms, " + DemoStack.MAX_ATTEMPTS + " attempts at most");
        story.said("user-service", "producer on " + stack.user().uri() + ", database " + stack.user().databaseUrl());
        story.said("auth-service", "consumer of auth-role on " + stack.auth().uri() + ", database "
                + stack.auth().databaseUrl());
    }

    private static String deliveryText(DeliverySettings settings) {
        return switch (settings.kind()) {
            case DIRECT -> "delivers messages directly over each consumer's session (--delivery direct)";
            case RABBITMQ -> "delivers messages through RabbitMQ at "
                    + DeliverySettings.withoutCredentials(settings.rabbitmqUri()) + ": a durable queue per service ("
                    + settings.destination("auth-service") + " for auth-service), persistent messages, publisher"
                    + " confirms";
            case KAFKA -> "delivers messages through Kafka at " + settings.kafkaBootstrap() + ": a topic per service ("
                    + settings.destination("auth-service") + " for auth-service)";
        };
    }

    private List<String> runScenarios(DemoStack stack) {
        ScenarioRunner runner = new ScenarioRunner(stack, story);
        DemoScenario[] scenarios = DemoScenario.values();
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < scenarios.length; i++) {
            DemoScenario scenario = scenarios[i];
            story.scenario(i + 1, scenarios.length, scenario);
            List<String> found = scenario.differences(runner.run(scenario));
            story.verdict(scenario, found);
            found.forEach(difference -> differences.add(scenario.parameter() + ": " + difference));
        }
        story.blank();
        story.title(differences.isEmpty() ? "All " + scenarios.length + " scenarios ended as expected."
                : "Not as expected: " + String.join("; ", differences));
        return differences;
    }

    private void tellHowToLookAround(DemoStack stack) {
        story.blank();
        story.title("Admin UI: " + stack.serverUri());
        story.title("Log in with the admin token: " + stack.adminToken());
        story.title("Try it: curl -X POST '" + stack.user().uri() + "/user?result=success'");
        story.title("Press Ctrl-C to stop.");
    }
}
