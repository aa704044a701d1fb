package io.flowcast.cli;

import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.models.ModelKeys;
import io.flowcast.core.models.ModelSigner;
import io.flowcast.trainer.ModelPublisher;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flowcast models list|rollback}: what is on the models topic, and a signed return to an older model. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Inspect the models topic; roll back to an older model.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Rollback.class})
public final class ModelsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    abstract static class TopicOptions {
        @Option(names = "--bootstrap-servers", description = "Kafka (default: ${DEFAULT-VALUE}).")
        String bootstrapServers = "localhost:9092";
        @Option(names = "--models-topic", description = "Models topic (default: ${DEFAULT-VALUE}).")
        String modelsTopic = "models";
        @Option(names = "--model-name", description = "Model name (default: ${DEFAULT-VALUE}).")
        String modelName = "flowcast-lstm";
        @Option(names = "--trusted-keys", split = ",", description = "Public key files; only records signed by one of them count.")
        List<Path> trustedKeys = new ArrayList<>();

        List<PublicKey> trusted(Path extra) throws Exception {
            List<PublicKey> keys = new ArrayList<>();
            for (Path p : trustedKeys) {
                keys.add(ModelKeys.readPublic(p));
            }
            if (extra != null) {
                keys.add(ModelKeys.readPublic(extra));
            }
            return keys;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every record of the model on the topic, by sequence.")
    static final class ListModels extends TopicOptions implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            List<ModelRecord> all = ModelPublisher.all(bootstrapServers, modelsTopic, modelName, trusted(null), Duration.ofSeconds(30));
            all.sort(java.util.Comparator.comparingLong(m -> m.sequence));
            for (ModelRecord m : all) {
                System.out.printf("#%d %s %s created %s%s%n", m.sequence, m.modelName, m.version, Instant.ofEpochMilli(m.createdAt),
                        m.rolledBackFrom == null ? "" : " (rollback from " + m.rolledBackFrom + ")");
            }
            if (all.isEmpty()) {
                System.out.println("no " + (trustedKeys.isEmpty() ? "" : "authentic ") + "records of " + modelName + " on " + modelsTopic);
            }
            return 0;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = {"Serve an older version again: re-publish its record, signed, with the next sequence.",
                    "Only a record whose signature verifies with the signing key's own public key (or --trusted-keys) is re-signed."})
    static final class Rollback extends TopicOptions implements Callable<Integer> {
        @Parameters(index = "0", description = "The version to serve again, e.g. v3.")
        String version;
        @Option(names = "--signing-key", required = true, description = "Private key file (NAME.key, with NAME.pub beside it).")
        Path signingKey;

        @Override
        public Integer call() throws Exception {
            ModelSigner signer = ModelSigner.fromKeyFile(signingKey);
            List<ModelRecord> all = ModelPublisher.all(bootstrapServers, modelsTopic, modelName,
                    trusted(ModelSigner.publicKeyFile(signingKey)), Duration.ofSeconds(30));
            ModelRecord newest = null;
            ModelRecord target = null;
            for (ModelRecord m : all) {
                if (newest == null || m.sequence > newest.sequence) {
                    newest = m;
                }
                if (version.equals(m.version) && (target == null || m.sequence > target.sequence)) {
                    target = m;
                }
            }
            if (target == null) {
                System.err.println("flowcast models rollback: no authentic record of " + modelName + " " + version + " on "
                        + modelsTopic + " (see `flowcast models list`)");
                return 2;
            }
            if (target == newest) {
                System.err.println("flowcast models rollback: " + version + " is already the newest record (#" + newest.sequence + ")");
                return 2;
            }
            target.rolledBackFrom = newest.version;
            target.createdAt = System.currentTimeMillis();
            try (ModelPublisher p = new ModelPublisher(bootstrapServers, modelsTopic, signer)) {
                p.publish(target);
            }
            System.out.printf("published %s %s again as #%d (rollback from %s, signed by key %s)%n", modelName, version,
                    target.sequence, newest.version, signer.keyId());
            return 0;
        }
    }
}
