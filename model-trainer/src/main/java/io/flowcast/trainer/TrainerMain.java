package io.flowcast.trainer;

import io.flowcast.core.buckets.DemandSeries;
import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.events.OrderEvent;
import io.flowcast.core.features.OrderSeries;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The trainer's entry points: {@link #run} is what {@code ./flowcast train} calls; {@link #main}
 * trains on synthetic data ({@code --products N --days N [--epochs N] [--bootstrap host:port]}) as a smoke test.
 * Measured: defaults with 200 products x 400 days, 12 epochs (10,600 windows of 56 steps) took 229 s on one
 * thread of a busy 2-core box (350-1,000 windows/s) and validated at WAPE 0.212 / MASE 0.763 against
 * seasonal naive's 0.267 / 0.965.
 */
public final class TrainerMain {
    private TrainerMain() {}

    /** Trains from order lines, bucketed with the job's bucket code. */
    public static LstmTrainer.Result runOnOrders(TrainerConfig config, List<OrderEvent> orders, ModelRecord champion,
            PrintStream out) {
        return run(config, OrderSeries.build(orders, config.bucketSize), champion, out);
    }

    /** Trains, prints the champion/challenger report; the caller publishes when {@code result.publish()}. */
    public static LstmTrainer.Result run(TrainerConfig config, List<? extends DemandSeries> series, ModelRecord champion,
            PrintStream out) {
        if (!"1".equals(System.getenv("OMP_NUM_THREADS"))) {
            out.println("note: set OMP_NUM_THREADS=1 on small machines; DL4J's default threading was 5-40x slower on 2 cores");
        }
        out.println("training " + config + " on " + series.size() + " series");
        long t0 = System.nanoTime();
        LstmTrainer.Result r = new LstmTrainer(config).train(series, champion);
        out.printf("trained %s %s in %.1f s (%d series, %,d steps per epoch, %d epochs, val loss %.4f -> %.4f)%n",
                r.record.modelName, r.record.version, (System.nanoTime() - t0) / 1e9, r.trainSequences, r.trainSteps,
                r.history.size(), r.initialValidationLoss,
                r.bestValidationLoss);
        out.println(ChampionChallenger.report(r.record.validation));
        out.printf("model record %s: %d bytes of JSON%n", r.record.summary(),
                io.flowcast.core.json.Json.toBytes(r.record).length);
        return r;
    }

    public static void main(String[] args) {
        int products = 200;
        int days = 400;
        String bootstrap = null;
        String topic = ModelPublisher.DEFAULT_TOPIC;
        TrainerConfig config = new TrainerConfig();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--products" -> products = Integer.parseInt(args[i + 1]);
                case "--days" -> days = Integer.parseInt(args[i + 1]);
                case "--epochs" -> config.maxEpochs = Integer.parseInt(args[i + 1]);
                case "--bootstrap" -> bootstrap = args[i + 1];
                case "--topic" -> topic = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<? extends DemandSeries> series = SyntheticSeries.weekly(products, days,
                Instant.parse("2024-01-01T00:00:00Z").toEpochMilli(), config.seed);
        ModelRecord champion = bootstrap == null ? null
                : ModelPublisher.latest(bootstrap, topic, config.modelName, Duration.ofSeconds(30));
        LstmTrainer.Result r = run(config, series, champion, System.out);
        if (bootstrap != null && r.publish()) {
            try (ModelPublisher p = new ModelPublisher(bootstrap, topic)) {
                System.out.println("published " + r.record.summary() + " at " + p.publish(r.record));
            }
        }
    }
}
