package io.flowcast.backtest.sinks;

import io.flowcast.core.events.Forecast;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Hands every forecast of one run to the backtest's thread through an in-JVM queue, tagged with
 * the run's index: no serialization and no polling, unlike {@code executeAndCollect}, which also
 * lost the last records when the per-job MiniCluster shut down before the final fetch ("Failed to
 * get job status ... Some data might be lost", seen here). Works only where the job runs in the
 * backtest's own JVM (a local MiniCluster), which is where backtests run. The queue is bounded,
 * so a slow scorer backpressures the job instead of filling the heap. Forecasts travel in batches of
 * {@link #BATCH} (the last one at the end of the input): one queue hand-over per forecast, from 16
 * writers to one reader, cost more than scoring it.
 */
public final class HandOffSink implements Sink<Forecast> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, BlockingQueue<Tagged>> QUEUES = new ConcurrentHashMap<>();

    /** Forecasts handed over at once by a writer. */
    public static final int BATCH = 256;

    /** Forecasts of one run, in the order its writer got them, and the index of the run that made them. */
    public record Tagged(int run, List<Forecast> forecasts) {}

    private final String session;
    private final int run;

    public HandOffSink(String session, int run) {
        this.session = session;
        this.run = run;
    }

    /** Opens the queue of a session; call before the job starts, {@link #close} after draining. */
    public static BlockingQueue<Tagged> open(String session, int capacity) {
        BlockingQueue<Tagged> q = new ArrayBlockingQueue<>(capacity);
        if (QUEUES.putIfAbsent(session, q) != null) {
            throw new IllegalStateException("session " + session + " already open");
        }
        return q;
    }

    public static void close(String session) {
        QUEUES.remove(session);
    }

    @Override
    public SinkWriter<Forecast> createWriter(WriterInitContext context) {
        BlockingQueue<Tagged> queue = QUEUES.get(session);
        if (queue == null) {
            throw new IllegalStateException("no backtest session " + session + " in this JVM: the hand-off sink only"
                    + " works on a local MiniCluster started by the backtest");
        }
        return new SinkWriter<>() {
            private List<Forecast> batch = new ArrayList<>(BATCH);

            @Override
            public void write(Forecast f, Context ctx) throws InterruptedException {
                batch.add(f);
                if (batch.size() == BATCH) {
                    flush(false);
                }
            }

            @Override
            public void flush(boolean endOfInput) throws InterruptedException {
                if (!batch.isEmpty()) {
                    queue.put(new Tagged(run, batch));
                    batch = new ArrayList<>(BATCH);
                }
            }

            @Override
            public void close() {}
        };
    }
}
