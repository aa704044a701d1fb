package io.flowcast.cli;

/** A one-line progress report on stderr, rewritten in place at most a few times a second. */
final class Progress {
    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastPrint;

    Progress(String label, long total) {
        this.label = label;
        this.total = total;
    }

    void update(long done, String extra) {
        long now = System.nanoTime();
        if (now - lastPrint < 250_000_000L && done != total) {
            return;
        }
        lastPrint = now;
        double secs = Math.max(1e-9, (now - startNanos) / 1e9);
        String pct = total > 0 ? String.format("%3.0f%% ", 100.0 * done / total) : "";
        System.err.printf("\r%s %s%,d records  %,.0f/s  %s   ", label, pct, done, done / secs, extra);
    }

    void done(long done, String extra) {
        lastPrint = 0;
        update(done, extra);
        System.err.println();
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
