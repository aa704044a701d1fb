package io.flowcast.dashboard;

/** Where the dashboard reads and where it listens; the defaults match the job's topics. */
public final class DashboardConfig {
    public String bootstrapServers = "localhost:9092";
    /** Loopback by default: the page is for the operator's own machine unless told otherwise. */
    public String host = "127.0.0.1";
    /** 0 = any free port. */
    public int port = 8088;
    public String forecastsTopic = "forecasts";
    public String alertsTopic = "alerts";
    public String modelsTopic = "models";
    public String deadLettersTopic = "dead-letters";
    /** Start at the end of the topics instead of reading them from the beginning. */
    public boolean fromLatest;
    /** Target buckets the rolling accuracy spans. */
    public int accuracyWindow = 24;
    /** Products scored for live accuracy (memory: about horizon^2 predictions each). */
    public int accuracyProducts = 2000;
}
