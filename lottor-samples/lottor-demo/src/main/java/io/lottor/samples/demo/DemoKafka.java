package io.lottor.samples.demo;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A one-node KRaft Kafka cluster in the demo's JVM, for {@code ./lottor demo --delivery kafka} without
 * {@code --kafka-bootstrap}: Kafka's own test kit, with the single-replica internal topics one node needs.
 * (The tests and the bench have the same helper; none can use another's classes.)
 */
final class DemoKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private DemoKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    static DemoKafka start() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "4")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new DemoKafka(cluster);
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
