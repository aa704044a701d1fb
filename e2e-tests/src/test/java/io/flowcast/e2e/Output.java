package io.flowcast.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads an output topic with read_committed and compares it record by record with a reference run. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Output() {}

    /** One record: its identity (what must occur once) and its content without the wall-clock producedAt. */
    record Rec(String product, String id, String content) {}

    /** Identity of a forecast: product, bucket, revision. */
    static final Function<JsonNode, String> FORECAST_ID = n -> n.path("productId").asText() + "|"
            + n.path("bucketStart").asLong() + "|r" + n.path("revision").asInt();
    /** Identity of an alert: its id (product, kind, opening bucket), status and bucket. */
    static final Function<JsonNode, String> ALERT_ID = n -> n.path("alertId").asText() + "|" + n.path("status").asText()
            + "|" + n.path("bucketStart").asLong();

    /** All committed records of {@code topic}, read until none has come for {@code quiet}. */
    static List<Rec> read(String bootstrap, String topic, Function<JsonNode, String> id, Duration quiet) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("isolation.level", "read_committed");
        p.put("max.poll.records", "5000");
        List<Rec> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long lastNew = System.nanoTime();
            while (System.nanoTime() - lastNew < quiet.toNanos()) {
                var batch = c.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    JsonNode n = JSON.readTree(new String(r.value(), StandardCharsets.UTF_8));
                    ((ObjectNode) n).remove("producedAt");
                    out.add(new Rec(n.path("productId").asText(), id.apply(n), JSON.writeValueAsString(n)));
                }
                if (!batch.isEmpty()) {
                    lastNew = System.nanoTime();
                }
            }
        }
        return out;
    }

    /** Waits until the job's consumer group has committed offsets at the end of every input partition. */
    static void awaitConsumed(String bootstrap, String topic, String group, Duration timeout) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (true) {
                Map<TopicPartition, OffsetSpec> req = new HashMap<>();
                for (var i : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
                    req.put(new TopicPartition(topic, i.partition()), OffsetSpec.latest());
                }
                var ends = admin.listOffsets(req).all().get();
                ListConsumerGroupOffsetsResult g = admin.listConsumerGroupOffsets(group);
                Map<TopicPartition, OffsetAndMetadata> committed = g.partitionsToOffsetAndMetadata().get();
                boolean done = ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue().offset());
                if (done) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("group " + group + " did not consume " + topic + " to the end within "
                            + timeout.toSeconds() + " s: committed " + committed + ", ends " + ends);
                }
                Thread.sleep(1000);
            }
        }
    }

    /** What a comparison found; {@link #exact()} when nothing was lost, doubled, added or changed. */
    record Diff(String what, int reference, int run, int missing, int duplicated, int extra, int differing,
            int productsOutOfOrder, List<String> examples) {
        boolean exact() {
            return missing == 0 && duplicated == 0 && extra == 0 && differing == 0 && productsOutOfOrder == 0
                    && reference == run;
        }

        @Override
        public String toString() {
            return String.format("%s: reference %,d, run %,d; missing %d, duplicated %d, extra %d, differing %d, "
                    + "products out of order %d%s", what, reference, run, missing, duplicated, extra, differing,
                    productsOutOfOrder, examples.isEmpty() ? "" : "; e.g. " + examples);
        }
    }

    static Diff compare(String what, List<Rec> reference, List<Rec> run) {
        Map<String, String> ref = new LinkedHashMap<>();
        reference.forEach(r -> ref.put(r.id(), r.content()));
        Map<String, Integer> seen = new HashMap<>();
        int duplicated = 0;
        int extra = 0;
        int differing = 0;
        List<String> examples = new ArrayList<>();
        for (Rec r : run) {
            if (seen.merge(r.id(), 1, Integer::sum) > 1) {
                duplicated++;
                example(examples, "duplicate " + r.id());
            }
            String expected = ref.get(r.id());
            if (expected == null) {
                extra++;
                example(examples, "extra " + r.id());
            } else if (!expected.equals(r.content()) && seen.get(r.id()) == 1) {
                differing++;
                example(examples, "differs " + r.id() + ": " + r.content() + " vs " + expected);
            }
        }
        int missing = 0;
        for (String id : ref.keySet()) {
            if (!seen.containsKey(id)) {
                missing++;
                example(examples, "missing " + id);
            }
        }
        // record by record: each product's records in the same order (one product lives in one partition)
        Map<String, List<String>> refOrder = byProduct(reference);
        Map<String, List<String>> runOrder = byProduct(run);
        int outOfOrder = 0;
        for (String product : new TreeSet<>(refOrder.keySet())) {
            if (!refOrder.get(product).equals(runOrder.get(product))) {
                outOfOrder++;
            }
        }
        return new Diff(what, reference.size(), run.size(), missing, duplicated, extra, differing, outOfOrder, examples);
    }

    private static Map<String, List<String>> byProduct(List<Rec> recs) {
        Map<String, List<String>> m = new HashMap<>();
        recs.forEach(r -> m.computeIfAbsent(r.product(), k -> new ArrayList<>()).add(r.id()));
        return m;
    }

    private static void example(List<String> examples, String s) {
        if (examples.size() < 5) {
            examples.add(s.length() > 300 ? s.substring(0, 300) + "..." : s);
        }
    }
}
