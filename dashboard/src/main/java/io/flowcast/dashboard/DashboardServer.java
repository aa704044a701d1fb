package io.flowcast.dashboard;

import io.flowcast.core.json.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard: reads the topics into {@link DashboardState} and serves one page, a small
 * read-only JSON API and a server-sent-event stream that pushes the overview and the chosen
 * product whenever they change. Also {@code /metrics} for Prometheus (Micrometer).
 */
public final class DashboardServer implements AutoCloseable {
    private static final long PUSH_MILLIS = 500;

    /** What one open page has been sent so far. */
    private static final class Subscriber {
        final String product;
        long overviewSent = -1;
        long productSent = -2;

        Subscriber(String product) {
            this.product = product;
        }
    }

    private final DashboardState state;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<SseClient, Subscriber> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dashboard-push");
        t.setDaemon(true);
        return t;
    });
    private final TopicReader reader;
    private final Javalin app;

    private DashboardServer(DashboardConfig config) {
        state = new DashboardState(config.accuracyWindow, config.accuracyProducts);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        Gauge.builder("flowcast.dashboard.products", state.index(), ProductIndex::size).register(registry);
        Gauge.builder("flowcast.dashboard.sse.clients", clients, Map::size).register(registry);
        Gauge.builder("flowcast.dashboard.forecasts", state, DashboardState::forecastsOut)
                .description("forecasts read from the forecasts topic").register(registry);
        Gauge.builder("flowcast.dashboard.alerts", state, DashboardState::alertsIn).register(registry);
        reader = new TopicReader(config, state, registry);
        app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.staticFiles.add(s -> {
                s.hostedPath = "/";
                s.directory = "/dashboard";
                s.location = Location.CLASSPATH;
            });
            c.staticFiles.enableWebjars(); // uPlot from its webjar, under /webjars/uplot/...
        });
        app.get("/api/search", this::search);
        app.get("/api/product", this::product);
        app.get("/api/overview", ctx -> json(ctx, state.overview()));
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
        app.sse("/api/events", client -> {
            client.keepAlive();
            clients.put(client, new Subscriber(client.ctx().queryParam("product")));
            client.onClose(() -> clients.remove(client));
        });
    }

    /** Starts reading the topics and serving; returns once the port is bound. */
    public static DashboardServer start(DashboardConfig config) {
        DashboardServer s = new DashboardServer(config);
        s.reader.start();
        s.app.start(config.host, config.port);
        s.pusher.scheduleWithFixedDelay(s::push, PUSH_MILLIS, PUSH_MILLIS, TimeUnit.MILLISECONDS);
        return s;
    }

    public int port() {
        return app.port();
    }

    public DashboardState state() {
        return state;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private void search(Context ctx) {
        String q = ctx.queryParam("q");
        json(ctx, state.index().search(q == null ? "" : q, 20));
    }

    private void product(Context ctx) {
        String id = ctx.queryParam("id");
        Map<String, Object> p = id == null ? null : state.product(id);
        if (p == null) {
            ctx.status(HttpStatus.NOT_FOUND);
            json(ctx, Map.of("error", "no forecasts seen for this product"));
        } else {
            json(ctx, p);
        }
    }

    private static void json(Context ctx, Object value) {
        ctx.contentType("application/json").result(Json.toBytes(value));
    }

    /** Sends each page what changed since its last push: the overview, and its product's chart. */
    private void push() {
        long changes = state.changes();
        String overview = null;
        for (Map.Entry<SseClient, Subscriber> e : clients.entrySet()) {
            SseClient client = e.getKey();
            Subscriber s = e.getValue();
            try {
                if (s.overviewSent != changes) {
                    if (overview == null) {
                        overview = Json.toString(state.overview());
                    }
                    client.sendEvent("overview", overview);
                    s.overviewSent = changes;
                }
                if (s.product != null) {
                    long v = state.productVersion(s.product);
                    if (v != s.productSent && v >= 0) {
                        client.sendEvent("product", Json.toString(state.product(s.product)));
                        s.productSent = v;
                    }
                }
            } catch (RuntimeException ex) {
                clients.remove(client); // the page went away mid-send
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        pusher.shutdownNow();
        app.stop();
        reader.close();
        registry.close();
    }
}
