package io.flowcast.core.data;

import io.flowcast.core.events.OrderEvent;

/** One data line of the Online Retail CSV: either the order it stands for or why it was rejected. */
public final class ImportedLine {
    /** 1-based line number in the file (the header is line 1). */
    public final int lineNumber;
    /** The line as read, without the line break. */
    public final String rawLine;
    /** The order, or null when rejected. */
    public final OrderEvent order;
    /** One of the {@code OnlineRetailReader.REJECT_*} reasons, or null when accepted. */
    public final String rejectReason;

    public ImportedLine(int lineNumber, String rawLine, OrderEvent order, String rejectReason) {
        if ((order == null) == (rejectReason == null)) {
            throw new IllegalArgumentException("exactly one of order and rejectReason must be set");
        }
        this.lineNumber = lineNumber;
        this.rawLine = rawLine;
        this.order = order;
        this.rejectReason = rejectReason;
    }

    public boolean accepted() {
        return order != null;
    }

    @Override
    public String toString() {
        return "line " + lineNumber + ": " + (accepted() ? order : "rejected (" + rejectReason + ") " + rawLine);
    }
}
