package io.flowcast.job;

import io.flowcast.kafka.EmbeddedKafkaBroker;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** What the job's integration tests run on: a MiniCluster with 2 slots and an in-process broker with the job's topics. */
final class JobTestCluster {
    private JobTestCluster() {
    }

    /** One task manager with 2 slots: the job runs at parallelism 2. */
    static MiniClusterExtension flink() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());
    }

    /** Starts {@code broker} with the topics the job reads and writes, 2 partitions each, and a compacted models topic. */
    static EmbeddedKafkaBroker withJobTopics(EmbeddedKafkaBroker broker) {
        broker.start();
        broker.createTopics(2, "orders", "forecasts", "dead-letters", "alerts");
        broker.createCompactedTopic("models");
        return broker;
    }
}
