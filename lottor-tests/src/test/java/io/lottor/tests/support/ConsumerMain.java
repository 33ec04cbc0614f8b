package io.lottor.tests.support;

import java.nio.file.Path;

import io.lottor.client.LottorClient;

/**
 * The auth service as a process a test can kill -9 mid-flight. Arguments: {@code target service
 * instanceId dbFile method [kafkaProperties]}, the last {@code key=value;key=value} consumer properties for
 * a server that delivers through Kafka. It consumes {@code method} with the idempotent helper; its handler inserts
 * the user_role row, prints {@code HANDLING group=… message=… attempt=…}, then blocks inside the open
 * local transaction until the process is killed. Prints {@code READY} once its session is up.
 */
public final class ConsumerMain {
    private ConsumerMain() {
    }

    public static void main(String[] args) throws Exception {
        TestDatabase database = TestDatabase.open(Path.of(args[3]), TestDatabase.AUTH_SCHEMA);
        LottorClient.Builder builder = LottorClient.builder().target(args[0]).service(args[1]).instanceId(args[2])
                .maxInFlight(1);
        if (args.length > 5) {
            for (String property : args[5].split(";")) {
                String[] keyValue = property.split("=", 2);
                builder.kafkaProperty(keyValue[0], keyValue[1]);
            }
        }
        LottorClient client = builder.build();
        client.subscribe(args[4], UserRole.class, database.dataSource(), (connection, role, context) -> {
            TestDatabase.insertUserRole(connection, role);
            ProducerMain.print("HANDLING group=" + context.groupId() + " message=" + context.messageId()
                    + " attempt=" + context.attempt());
            Thread.sleep(Long.MAX_VALUE);
        });
        ProducerMain.awaitConnected(client);
        ProducerMain.print("READY instance=" + args[2]);
        ProducerMain.exitWhenParentDies();
    }
}
