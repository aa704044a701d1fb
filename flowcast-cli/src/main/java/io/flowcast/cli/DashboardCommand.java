package io.flowcast.cli;

import io.flowcast.dashboard.DashboardConfig;
import io.flowcast.dashboard.DashboardServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./flowcast dashboard}: the live web dashboard on the job's output topics. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serve a live web page on the forecasts, alerts, models and dead-letters topics: product search,",
                "each product's actuals and forecast fan, the alert feed, model swaps, live accuracy and throughput.",
                "Read-only; listens on localhost unless --host says otherwise. Prometheus metrics at /metrics."})
public final class DashboardCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers = "localhost:9092";
    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host = "127.0.0.1";
    @Option(names = "--port", description = "Port to listen on; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int port = 8088;
    @Option(names = "--from-latest", description = "Start at the end of the topics instead of reading them from the beginning.")
    boolean fromLatest;
    @Option(names = "--forecasts-topic", description = "(default: ${DEFAULT-VALUE})")
    String forecastsTopic = "forecasts";
    @Option(names = "--alerts-topic", description = "(default: ${DEFAULT-VALUE})")
    String alertsTopic = "alerts";
    @Option(names = "--models-topic", description = "(default: ${DEFAULT-VALUE})")
    String modelsTopic = "models";
    @Option(names = "--dead-letters-topic", description = "(default: ${DEFAULT-VALUE})")
    String deadLettersTopic = "dead-letters";

    @Override
    public Integer call() throws Exception {
        DashboardConfig c = new DashboardConfig();
        c.bootstrapServers = bootstrapServers;
        c.host = host;
        c.port = port;
        c.fromLatest = fromLatest;
        c.forecastsTopic = forecastsTopic;
        c.alertsTopic = alertsTopic;
        c.modelsTopic = modelsTopic;
        c.deadLettersTopic = deadLettersTopic;
        DashboardServer server = DashboardServer.start(c);
        System.out.printf("Dashboard: %s   (reading %s; Ctrl-C stops)%n", address(host, server.port()), bootstrapServers);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    static String address(String host, int port) {
        return "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + port + "/";
    }
}
