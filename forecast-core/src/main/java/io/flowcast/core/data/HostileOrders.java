package io.flowcast.core.data;

import io.flowcast.core.events.DeadLetter.Reason;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

/**
 * A seeded generator of hostile order records for fuzz tests: malformed bytes, wrong types,
 * non-finite and out-of-bound numbers, hostile ids and strings, implausible times, and mixes of
 * several faults in one record. Each record says which dead-letter reasons a correct job may give it
 * (a mix may be refused for any of its faults, whichever the parser meets first).
 */
public final class HostileOrders {
    /** The kinds of hostile record, each with the reasons it may be dead-lettered for. */
    public enum Kind {
        RANDOM_BYTES(Reason.MALFORMED_JSON, Reason.TOO_LARGE),
        TRUNCATED_JSON(Reason.MALFORMED_JSON),
        NOT_AN_OBJECT(Reason.MALFORMED_JSON),
        QUANTITY_WRONG_TYPE(Reason.BAD_QUANTITY),
        PRICE_NAN_STRING(Reason.BAD_PRICE),
        QUANTITY_OVERFLOWS(Reason.BAD_QUANTITY),
        QUANTITY_ABOVE_MAX(Reason.BAD_QUANTITY),
        PRICE_ABOVE_MAX(Reason.BAD_PRICE),
        QUANTITY_ZERO_OR_NEGATIVE(Reason.BAD_QUANTITY),
        PRICE_ZERO_OR_NEGATIVE(Reason.BAD_PRICE),
        MISSING_FIELD(Reason.MISSING_FIELD),
        PRODUCT_ID_NOT_A_STRING(Reason.BAD_PRODUCT_ID),
        PRODUCT_ID_TOO_LONG(Reason.BAD_PRODUCT_ID),
        PRODUCT_ID_CONTROL_CHARACTERS(Reason.BAD_PRODUCT_ID),
        TEXT_TOO_LONG(Reason.BAD_FIELD),
        RECORD_TOO_LARGE(Reason.TOO_LARGE),
        UNPARSEABLE_TIME(Reason.BAD_TIME),
        /** Years past any wall clock. */
        FAR_FUTURE_TIME(Reason.FUTURE_TIME),
        /** Before the stream by years: late against the partition's recent event times (before 1970: a bad time). */
        ANCIENT_TIME(Reason.LATE, Reason.BAD_TIME),
        /** Several of the faults above in one record. */
        MIX(Reason.values());

        private final Set<Reason> reasons;

        Kind(Reason... reasons) {
            this.reasons = Set.copyOf(EnumSet.of(reasons[0], reasons));
        }

        /** The reasons a correct job may dead-letter this kind for. */
        public Set<Reason> reasons() {
            return reasons;
        }

        /** True when the parser alone must refuse it; false when only the stream shows it (its time). */
        public boolean parserRefuses() {
            return this != ANCIENT_TIME;
        }
    }

    /** One hostile record: its bytes, its kind and the reasons it may get. */
    public record Hostile(Kind kind, byte[] value, Set<Reason> reasons) {
        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    private final Random random;
    private final long streamTime;

    /**
     * @param streamTime an event time of the valid stream the records are mixed into (epoch millis):
     *     hostile times are placed relative to it
     */
    public HostileOrders(long seed, long streamTime) {
        this.random = new Random(seed);
        this.streamTime = streamTime;
    }

    /** The next hostile record, for product {@code productId} when it has one. */
    public Hostile next(String productId) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        return new Hostile(kind, bytes(kind, productId), kind.reasons());
    }

    /** A record of the given kind. */
    public Hostile next(Kind kind, String productId) {
        return new Hostile(kind, bytes(kind, productId), kind.reasons());
    }

    private byte[] bytes(Kind kind, String productId) {
        switch (kind) {
            case RANDOM_BYTES: {
                byte[] b = new byte[1 + random.nextInt(200)];
                random.nextBytes(b);
                if (b[0] == '{') {
                    b[0] = '['; // a JSON array of junk stays malformed
                }
                return b;
            }
            case TRUNCATED_JSON: {
                String whole = order("\"" + productId + "\"", "2", "1.5", String.valueOf(time()), "");
                return utf8(whole.substring(0, 1 + random.nextInt(whole.length() - 1)));
            }
            case NOT_AN_OBJECT:
                return utf8(pick("[]", "42", "\"order\"", "null", "true", "{}{}", "{\"productId\":\"" + productId + "\"} trailing"));
            case QUANTITY_WRONG_TYPE:
                return utf8(order("\"" + productId + "\"", pick("\"3\"", "[3]", "{\"n\":3}", "true", "null"), "1.5", t(), ""));
            case PRICE_NAN_STRING:
                return utf8(order("\"" + productId + "\"", "1", pick("\"NaN\"", "\"Infinity\"", "\"-Infinity\""), t(), ""));
            case QUANTITY_OVERFLOWS:
                return utf8(order("\"" + productId + "\"", pick("1e400", "-1e400", "1" + "0".repeat(400)), "1.5", t(), ""));
            case QUANTITY_ABOVE_MAX:
                return utf8(order("\"" + productId + "\"", pick("1e308", "1.7976931348623157e308", "1000001", "1e7"), "1.5", t(), ""));
            case PRICE_ABOVE_MAX:
                return utf8(order("\"" + productId + "\"", "1", pick("1e308", "2e6", "9.9e99"), t(), ""));
            case QUANTITY_ZERO_OR_NEGATIVE:
                return utf8(order("\"" + productId + "\"", pick("0", "-0.0", "-1", "-1e308", "0e10"), "1.5", t(), ""));
            case PRICE_ZERO_OR_NEGATIVE:
                return utf8(order("\"" + productId + "\"", "1", pick("0", "-0.0", "-2.5"), t(), ""));
            case MISSING_FIELD: {
                String[] parts = {"\"productId\":\"" + productId + "\",", "\"quantity\":1,", "\"unitPrice\":1.5,",
                    "\"eventTime\":" + time() + ","};
                int drop = random.nextInt(5);
                if (drop == 4) {
                    parts[0] = "\"productId\":" + pick("\"   \"", "\"\"", "null") + ","; // present but blank
                } else {
                    parts[drop] = "";
                }
                return utf8("{" + String.join("", parts) + "\"orderId\":\"m\"}");
            }
            case PRODUCT_ID_NOT_A_STRING:
                return utf8(order(pick("12345", "1.5", "true", "[\"" + productId + "\"]", "{\"id\":\"" + productId + "\"}"),
                        "1", "1.5", t(), ""));
            case PRODUCT_ID_TOO_LONG:
                return utf8(order("\"" + productId + "x".repeat(200 + random.nextInt(10_000)) + "\"", "1", "1.5", t(), ""));
            case PRODUCT_ID_CONTROL_CHARACTERS:
                return utf8(order("\"" + productId + pick("\\u0000", "\\n", "\\t", "\\u001b[31m", "\\u202e", "\\u200b", "\\u0085") + "\"",
                        "1", "1.5", t(), ""));
            case TEXT_TOO_LONG:
                return utf8(order("\"" + productId + "\"", "1", "1.5", t(),
                        ",\"" + pick("category", "country", "customerId", "orderId") + "\":\"" + "c".repeat(257 + random.nextInt(2000)) + "\""));
            case RECORD_TOO_LARGE:
                return utf8(order("\"" + productId + "\"", "1", "1.5", t(), ",\"blob\":\"" + "b".repeat(17_000 + random.nextInt(40_000)) + "\""));
            case UNPARSEABLE_TIME:
                return utf8(order("\"" + productId + "\"", "1", "1.5",
                        pick("\"yesterday\"", "\"2011-06-01T12:00:00\"", "1.5e12", "\"\"", "[1]", "99999999999999999999999"), ""));
            case FAR_FUTURE_TIME:
                return utf8(order("\"" + productId + "\"", "1", "1.5",
                        pick(String.valueOf(Long.MAX_VALUE), "\"2999-01-01T00:00:00Z\"", String.valueOf(4_102_444_800_000L + random.nextInt(1 << 30))), ""));
            case ANCIENT_TIME:
                return utf8(order("\"" + productId + "\"", "1", "1.5",
                        pick(String.valueOf(Long.MIN_VALUE), "0", "-62135596800000", "\"1900-01-01T00:00:00Z\"",
                                String.valueOf(streamTime - 400L * 86_400_000)), ""));
            case MIX:
            default: {
                // two or three faults at once: a hostile id with a bad number and a bad time, and so on
                String pid = pick("12345", "\"" + productId + "\\u0007\"", "\"" + "y".repeat(300) + "\"", "\"" + productId + "\"");
                String qty = pick("1e400", "\"x\"", "-5", "1e308", "1");
                String price = pick("\"NaN\"", "0", "1e308", "1.5");
                String time = pick("\"soon\"", String.valueOf(Long.MAX_VALUE), t());
                String json = order(pid, qty, price, time, "");
                if (pid.equals("\"" + productId + "\"") && qty.equals("1") && price.equals("1.5") && time.equals(t())) {
                    json = json.substring(0, json.length() / 2); // every part valid by chance: cut it
                }
                return utf8(json);
            }
        }
    }

    private String t() {
        return String.valueOf(time());
    }

    private long time() {
        return streamTime;
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private static String order(String productId, String quantity, String price, String time, String extra) {
        return "{\"orderId\":\"h\",\"productId\":" + productId + ",\"quantity\":" + quantity + ",\"unitPrice\":" + price
                + ",\"eventTime\":" + time + extra + "}";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
