package io.flowcast.backtest.sources;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Records read by the replay sources in this JVM, for the console progress bar. Only meaningful on
 * a local MiniCluster (the backtest's normal home); on a real cluster it stays at zero.
 */
public final class ReplayCounter {
    private static final AtomicLong READ = new AtomicLong();

    private ReplayCounter() {}

    static void increment() {
        READ.incrementAndGet();
    }

    public static long read() {
        return READ.get();
    }
}
