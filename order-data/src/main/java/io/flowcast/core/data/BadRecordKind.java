package io.flowcast.core.data;

import io.flowcast.core.events.DeadLetter;

/** The kinds of broken order records the generator injects, each with the dead-letter reason it should get. */
public enum BadRecordKind {
    /** Not JSON at all, or JSON cut off mid-object. */
    MALFORMED_JSON(DeadLetter.Reason.MALFORMED_JSON),
    /** Valid JSON without {@code productId}. */
    MISSING_PRODUCT_ID(DeadLetter.Reason.MISSING_FIELD),
    /** {@code quantity} below zero. */
    NEGATIVE_QUANTITY(DeadLetter.Reason.BAD_QUANTITY),
    /** Valid JSON without {@code quantity}. */
    MISSING_QUANTITY(DeadLetter.Reason.MISSING_FIELD),
    /** {@code unitPrice} below zero. */
    NEGATIVE_PRICE(DeadLetter.Reason.BAD_PRICE),
    /** {@code unitPrice} is the string {@code "NaN"}. */
    NAN_PRICE(DeadLetter.Reason.BAD_PRICE),
    /** {@code eventTime} is a string that is no time at all. */
    UNPARSEABLE_TIME(DeadLetter.Reason.BAD_TIME),
    /** {@code eventTime} ten years after the record's real time: far more than a year ahead of any clock. */
    FAR_FUTURE_TIME(DeadLetter.Reason.FUTURE_TIME);

    private final DeadLetter.Reason reason;

    BadRecordKind(DeadLetter.Reason reason) {
        this.reason = reason;
    }

    /** The dead-letter reason a correct deserializer gives this record. */
    public DeadLetter.Reason reason() {
        return reason;
    }
}
