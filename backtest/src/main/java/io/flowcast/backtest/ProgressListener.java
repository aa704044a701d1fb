package io.flowcast.backtest;

/** What a running backtest reports, for a progress bar. Called from a timer thread and the main thread. */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {};

    /** @param expectedRecords records the input will emit, -1 if unknown */
    default void runStarted(int index, int runs, String label, long expectedRecords) {}

    default void progress(long recordsRead, long forecasts) {}

    default void runFinished(RunResult result) {}

    default void message(String text) {}
}
