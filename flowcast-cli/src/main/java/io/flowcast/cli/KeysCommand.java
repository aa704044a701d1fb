package io.flowcast.cli;

import io.flowcast.core.models.ModelKeys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flowcast keys generate}: an Ed25519 key pair for signing models. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Key files for signed models.",
        subcommands = {KeysCommand.Generate.class})
public final class KeysCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Write an Ed25519 key pair: NAME.key (private, for `train --signing-key` and",
                    "`models rollback`; keep it secret) and NAME.pub (for the job's --model-public-keys)."})
    static final class Generate implements Callable<Integer> {
        @Option(names = "--dir", description = "Directory for the key files (default: ${DEFAULT-VALUE}).")
        Path dir = Path.of("keys");
        @Option(names = "--name", description = "File name stem (default: ${DEFAULT-VALUE}).")
        String name = "flowcast-models";

        @Override
        public Integer call() throws Exception {
            KeyPair pair = ModelKeys.generate();
            ModelKeys.write(pair, dir, name);
            System.out.printf("wrote %s (private: for the trainer, keep it secret) and %s (public: for the job)%n",
                    dir.resolve(name + ".key"), dir.resolve(name + ".pub"));
            System.out.println("key id " + ModelKeys.keyId(pair.getPublic()));
            return 0;
        }
    }
}
