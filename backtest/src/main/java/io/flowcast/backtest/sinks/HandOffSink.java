package io.flowcast.backtest.sinks;

import io.flowcast.core.events.Forecast;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Hands every forecast of one run to the backtest in the same JVM: each writer subtask asks the
 * session's {@link Receivers} for its own receiver and calls it on the writer's thread, with no
 * serialization, no polling and no queue (unlike {@code executeAndCollect}, which also lost the last
 * records when the per-job MiniCluster shut down before the final fetch, seen here). The forecast
 * is scored while it is still in the writer core's cache: handing 9.6M forecasts to one scoring
 * thread cost a quarter of a 12-month replay's CPU, most of it in cache misses on arrival. Works only
 * where the job runs in the backtest's own JVM (a local MiniCluster), which is where backtests run.
 */
public final class HandOffSink implements Sink<Forecast> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Receivers> SESSIONS = new ConcurrentHashMap<>();

    /** Makes the receiver of run {@code run}'s forecasts from writer subtask {@code subtask}. */
    @FunctionalInterface
    public interface Receivers {
        /** Called once per writer; the receiver is then called only on that writer's thread. */
        Consumer<Forecast> open(int run, int subtask);
    }

    private final String session;
    private final int run;

    public HandOffSink(String session, int run) {
        this.session = session;
        this.run = run;
    }

    /** Opens a session; call before the job starts, {@link #close} after it ended. */
    public static void open(String session, Receivers receivers) {
        if (SESSIONS.putIfAbsent(session, receivers) != null) {
            throw new IllegalStateException("session " + session + " already open");
        }
    }

    public static void close(String session) {
        SESSIONS.remove(session);
    }

    @Override
    public SinkWriter<Forecast> createWriter(WriterInitContext context) {
        Receivers receivers = SESSIONS.get(session);
        if (receivers == null) {
            throw new IllegalStateException("no backtest session " + session + " in this JVM: the hand-off sink only"
                    + " works on a local MiniCluster started by the backtest");
        }
        Consumer<Forecast> receiver = receivers.open(run, context.getTaskInfo().getIndexOfThisSubtask());
        return new SinkWriter<>() {
            @Override
            public void write(Forecast f, Context ctx) {
                receiver.accept(f);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
