package io.flowcast.trainer;

import com.sun.net.httpserver.HttpServer;
import io.flowcast.core.events.ModelRecord;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The trainer's metrics for Prometheus (Micrometer): runs by outcome ({@code flowcast_trainer_runs_total}),
 * training time ({@code flowcast_trainer_training_seconds}) and the last validation WAPE
 * ({@code flowcast_trainer_validation_wape}), served at {@code /metrics} while {@code train --every} runs.
 */
public final class TrainerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer training = Timer.builder("flowcast.trainer.training").description("time to train and validate one model")
            .register(registry);
    private final AtomicReference<Double> lastWape = new AtomicReference<>(Double.NaN);
    private HttpServer server;

    public TrainerMetrics() {
        Gauge.builder("flowcast.trainer.validation.wape", lastWape, AtomicReference::get)
                .description("validation WAPE of the last model trained").register(registry);
        for (String outcome : new String[] {"published", "not_published", "failed"}) {
            registry.counter("flowcast.trainer.runs", "outcome", outcome); // present at 0 before the first run
        }
    }

    /** One finished run: its validation and whether it was published. */
    public void recordRun(ModelRecord.Validation v, boolean published, Duration took) {
        training.record(took);
        lastWape.set(v == null ? Double.NaN : v.wape);
        registry.counter("flowcast.trainer.runs", "outcome", published ? "published" : "not_published").increment();
    }

    public void recordFailure() {
        registry.counter("flowcast.trainer.runs", "outcome", "failed").increment();
    }

    public String scrape() {
        return registry.scrape();
    }

    /** Serves {@code /metrics} on host:port (0 = any free port); returns the port. */
    public int serve(String host, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        registry.close();
    }
}
