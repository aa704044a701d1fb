package io.flowcast.job.functions;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Test hook: throws once inside the forecast operator, so a test can watch the job restart from its
 * checkpoint. Off unless the JVM runs with {@code -Dflowcast.test.fail-after-records=N}; then the
 * N-th record the operator sees in this JVM fails its task, once.
 */
public final class FailureInjection {
    private static final long FAIL_AFTER = Long.getLong("flowcast.test.fail-after-records", -1);
    private static final AtomicLong SEEN = new AtomicLong();

    private FailureInjection() {}

    /** Does nothing unless enabled (a constant check the JIT folds away). */
    public static void maybeFail() {
        if (FAIL_AFTER > 0 && SEEN.incrementAndGet() == FAIL_AFTER) {
            throw new InjectedFailure("injected failure after " + FAIL_AFTER + " records (flowcast.test.fail-after-records)");
        }
    }

    /** The exception the hook throws; a test can tell it from a real failure. */
    public static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message);
        }
    }
}
