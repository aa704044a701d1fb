package io.flowcast.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Flowcast's topics on any Kafka if they are missing; existing ones are left alone. */
final class Topics {
    private Topics() {}

    static void ensure(String bootstrapServers, int partitions, short replication, List<String> names, List<String> compacted)
            throws InterruptedException {
        Properties p = new Properties();
        p.putAll(io.flowcast.core.config.KafkaClientSettings.fromEnvironment()); // SASL/SSL of the deployment
        p.put("bootstrap.servers", bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> topics = new ArrayList<>();
            names.forEach(n -> topics.add(new NewTopic(n, partitions, replication)));
            compacted.forEach(n -> topics.add(new NewTopic(n, 1, replication)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
            for (var e : admin.createTopics(topics).values().entrySet()) {
                try {
                    e.getValue().get();
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + e.getKey() + " on " + bootstrapServers
                                + ": " + ex.getCause().getMessage(), ex.getCause());
                    }
                }
            }
        }
    }
}
