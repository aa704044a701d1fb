package io.flowcast.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.DeadLetter.Reason;
import io.flowcast.core.events.OrderEvent;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Parses and validates one {@code orders} record. Never throws: a bad record comes back as a
 * {@link DeadLetter} with its reason. Uses Jackson's streaming parser rather than data binding:
 * parsing is most of the job's per-event CPU, and the tree-free parse is several times cheaper.
 */
public final class OrderJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private OrderJson() {}

    /** The outcome of parsing one record: exactly one of {@code order} and {@code deadLetter} is set. */
    public static final class Result {
        public final OrderEvent order;
        public final DeadLetter deadLetter;

        private Result(OrderEvent order, DeadLetter deadLetter) {
            this.order = order;
            this.deadLetter = deadLetter;
        }

        public boolean ok() {
            return order != null;
        }
    }

    /**
     * @param maxEventTime events stamped after this (epoch millis) are refused as {@code FUTURE_TIME}:
     *     one far-future event would otherwise push the watermark ahead and make everything else late
     */
    public static Result parse(byte[] value, long maxEventTime) {
        return parse(value, maxEventTime, OrderLimits.DEFAULTS);
    }

    /**
     * @param maxEventTime as in {@link #parse(byte[], long)}
     * @param limits bounds on quantities, prices and string lengths; a record beyond one is a dead letter
     */
    public static Result parse(byte[] value, long maxEventTime, OrderLimits limits) {
        if (value == null || value.length == 0) {
            return bad(Reason.MALFORMED_JSON, "empty record", value);
        }
        if (value.length > limits.maxOrderBytes()) {
            return bad(Reason.TOO_LARGE, "record is " + value.length + " bytes, more than the allowed "
                    + limits.maxOrderBytes() + " (--max-order-bytes)", value);
        }
        OrderEvent e = new OrderEvent();
        e.schemaVersion = 0;
        boolean hasQuantity = false;
        boolean hasPrice = false;
        boolean hasTime = false;
        try (JsonParser p = FACTORY.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return bad(Reason.MALFORMED_JSON, "not a JSON object", value);
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "schemaVersion": e.schemaVersion = v.isNumeric() ? p.getIntValue() : -1; break;
                    case "orderId": e.orderId = text(p, v); break;
                    case "productId":
                        if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL) {
                            p.skipChildren();
                            return bad(Reason.BAD_PRODUCT_ID, "productId must be a JSON string, got " + v.name()
                                    + (v.isScalarValue() ? " " + p.getText() : ""), value);
                        }
                        e.productId = text(p, v);
                        break;
                    case "quantity":
                        if (!v.isNumeric()) {
                            return bad(Reason.BAD_QUANTITY, "quantity is not a number: " + p.getText(), value);
                        }
                        e.quantity = p.getDoubleValue();
                        hasQuantity = true;
                        break;
                    case "unitPrice":
                        if (!v.isNumeric()) {
                            return bad(Reason.BAD_PRICE, "unitPrice is not a number: " + p.getText(), value);
                        }
                        e.unitPrice = p.getDoubleValue();
                        hasPrice = true;
                        break;
                    case "eventTime":
                        if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            return bad(Reason.BAD_TIME, "eventTime does not fit epoch millis: " + p.getText(), value);
                        }
                        Long time = eventTime(p, v);
                        if (time == null) {
                            return bad(Reason.BAD_TIME, "eventTime is neither epoch millis nor ISO-8601 with a zone: "
                                    + p.getText(), value);
                        }
                        e.eventTime = time;
                        hasTime = true;
                        break;
                    case "category": e.category = text(p, v); break;
                    case "customerId": e.customerId = text(p, v); break;
                    case "country": e.country = text(p, v); break;
                    case "promotion": e.promotion = v == JsonToken.VALUE_TRUE; break;
                    default: p.skipChildren(); // unknown fields are tolerated
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return bad(Reason.MALFORMED_JSON, "trailing content after the JSON object", value);
            }
        } catch (IOException | RuntimeException ex) {
            return bad(Reason.MALFORMED_JSON, firstLine(ex.getMessage()), value);
        }
        if (e.productId == null || e.productId.isBlank()) {
            return bad(Reason.MISSING_FIELD, "productId is missing", value);
        }
        String idProblem = productIdProblem(e.productId, limits.maxProductIdLength());
        if (idProblem != null) {
            return bad(Reason.BAD_PRODUCT_ID, idProblem, value);
        }
        String textProblem = textProblem(e, limits.maxTextLength());
        if (textProblem != null) {
            return bad(Reason.BAD_FIELD, textProblem, value);
        }
        if (!hasQuantity) {
            return bad(Reason.MISSING_FIELD, "quantity is missing", value);
        }
        if (!(e.quantity > 0) || !Double.isFinite(e.quantity)) {
            return bad(Reason.BAD_QUANTITY, "quantity must be positive and finite, got " + e.quantity, value);
        }
        if (e.quantity > limits.maxQuantity()) {
            return bad(Reason.BAD_QUANTITY, "quantity " + e.quantity + " is above the allowed " + limits.maxQuantity()
                    + " (--max-quantity)", value);
        }
        if (!hasPrice) {
            return bad(Reason.MISSING_FIELD, "unitPrice is missing", value);
        }
        if (!(e.unitPrice > 0) || !Double.isFinite(e.unitPrice)) {
            return bad(Reason.BAD_PRICE, "unitPrice must be positive and finite, got " + e.unitPrice, value);
        }
        if (e.unitPrice > limits.maxUnitPrice()) {
            return bad(Reason.BAD_PRICE, "unitPrice " + e.unitPrice + " is above the allowed " + limits.maxUnitPrice()
                    + " (--max-unit-price)", value);
        }
        if (!hasTime) {
            return bad(Reason.MISSING_FIELD, "eventTime is missing", value);
        }
        if (e.eventTime < 0) {
            return bad(Reason.BAD_TIME, "eventTime " + Instant.ofEpochMilli(e.eventTime) + " is before 1970", value);
        }
        if (e.eventTime > maxEventTime) {
            return bad(Reason.FUTURE_TIME, "eventTime " + Instant.ofEpochMilli(e.eventTime)
                    + " is after the allowed " + Instant.ofEpochMilli(maxEventTime), value);
        }
        if (e.schemaVersion == 0) {
            e.schemaVersion = OrderEvent.SCHEMA_VERSION; // the field is optional for producers
        }
        return new Result(e, null);
    }

    /** Why this productId cannot key state and output; null when it can. */
    static String productIdProblem(String id, int maxLength) {
        if (id.length() > maxLength) {
            return "productId is " + id.length() + " characters, more than the allowed " + maxLength
                    + " (--max-product-id-length)";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            // control and format characters (incl. bidi overrides) make ids that print alike but differ
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                return String.format("productId contains the control or format character U+%04X at %d", (int) c, i);
            }
        }
        return null;
    }

    private static String textProblem(OrderEvent e, int maxLength) {
        String[] names = {"orderId", "category", "customerId", "country"};
        String[] values = {e.orderId, e.category, e.customerId, e.country};
        for (int i = 0; i < names.length; i++) {
            if (values[i] != null && values[i].length() > maxLength) {
                return names[i] + " is " + values[i].length() + " characters, more than the allowed " + maxLength
                        + " (--max-text-length)";
            }
        }
        return null;
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v.isStructStart()) {
            p.skipChildren();
            return null;
        }
        return p.getText();
    }

    private static Long eventTime(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (v != JsonToken.VALUE_STRING) {
            return null;
        }
        return parseIsoTime(p.getText());
    }

    /** ISO-8601 with an offset or zone ({@code 2011-06-01T12:00:00+01:00}, {@code ...Z}, {@code ...[Europe/London]}); null otherwise. */
    public static Long parseIsoTime(String text) {
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parse(text);
            if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
                return OffsetDateTime.from(t).toInstant().toEpochMilli();
            }
            if (t.query(java.time.temporal.TemporalQueries.zone()) != null) {
                return ZonedDateTime.from(t).toInstant().toEpochMilli();
            }
            return null; // a local time without a zone is ambiguous: refuse it
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Result bad(Reason reason, String detail, byte[] value) {
        DeadLetter d = DeadLetter.of(reason, detail, null);
        setPayload(d, value);
        return new Result(null, d);
    }

    /** Stores (a bounded prefix of) the payload as text when it is valid UTF-8, else as base64, so nothing is mangled. */
    public static void setPayload(DeadLetter d, byte[] value) {
        d.withPayload(value);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        int nl = message.indexOf('\n');
        return "malformed JSON: " + (nl < 0 ? message : message.substring(0, nl));
    }
}
