package io.flowcast.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.events.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Well-formed but hostile orders: each bound ends in a dead letter whose reason and detail name it. */
class OrderBoundsTest {
    private static final long NOW = 1_700_000_000_000L;

    private static OrderJson.Result parse(String json) {
        return OrderJson.parse(json.getBytes(StandardCharsets.UTF_8), Long.MAX_VALUE);
    }

    private static String order(String productId, String quantity, String price) {
        return "{\"productId\":" + productId + ",\"quantity\":" + quantity + ",\"unitPrice\":" + price + ",\"eventTime\":" + NOW + "}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "quantity 1e308                 | \"P\" | 1e308    | 1.0      | BAD_QUANTITY   | --max-quantity",
        "quantity 1e400 (infinite)      | \"P\" | 1e400    | 1.0      | BAD_QUANTITY   | finite",
        "quantity just above the max    | \"P\" | 1000000.5| 1.0      | BAD_QUANTITY   | --max-quantity",
        "quantity zero                  | \"P\" | 0        | 1.0      | BAD_QUANTITY   | positive",
        "unitPrice 1e308                | \"P\" | 1        | 1e308    | BAD_PRICE      | --max-unit-price",
        "unitPrice -0.0                 | \"P\" | 1        | -0.0     | BAD_PRICE      | positive",
        "productId a number             | 12345 | 1        | 1.0      | BAD_PRODUCT_ID | JSON string",
        "productId an object            | {\"a\":1} | 1    | 1.0      | BAD_PRODUCT_ID | JSON string",
        "productId with a newline       | \"P\\n1\" | 1    | 1.0      | BAD_PRODUCT_ID | U+000A",
        "productId with a bidi override | \"P\u202E1\" | 1  | 1.0      | BAD_PRODUCT_ID | U+202E",
    })
    void shouldDeadLetterWellFormedButHostileValues(String name, String productId, String quantity, String price,
                                                    DeadLetter.Reason reason, String detail) {
        OrderJson.Result r = parse(order(productId, quantity, price));
        assertThat(r.ok()).as(name).isFalse();
        assertThat(r.deadLetter.reason).isEqualTo(reason.name());
        assertThat(r.deadLetter.detail).contains(detail);
    }

    @Test
    void shouldTakeValuesAtTheBounds() {
        assertThat(parse(order("\"" + "P".repeat(128) + "\"", "1000000", "1000000")).ok()).isTrue();
        assertThat(parse(order("\"Ünïcödé-Ω\"", "0.001", "0.01")).ok()).isTrue();
    }

    @Test
    void shouldBoundTheLengthOfTheProductIdTheOtherStringsAndTheRecord() {
        OrderJson.Result longId = parse(order("\"" + "P".repeat(129) + "\"", "1", "1"));
        assertThat(longId.deadLetter.reason).isEqualTo("BAD_PRODUCT_ID");
        assertThat(longId.deadLetter.detail).contains("129 characters").contains("--max-product-id-length");

        String longCategory = "{\"productId\":\"P\",\"category\":\"" + "c".repeat(257) + "\",\"quantity\":1,\"unitPrice\":1,\"eventTime\":" + NOW + "}";
        assertThat(parse(longCategory).deadLetter.detail).startsWith("category is 257 characters");
        assertThat(parse(longCategory).deadLetter.reason).isEqualTo("BAD_FIELD");

        String big = "{\"productId\":\"P\",\"junk\":\"" + "x".repeat(20_000) + "\",\"quantity\":1,\"unitPrice\":1,\"eventTime\":" + NOW + "}";
        assertThat(parse(big).deadLetter.reason).isEqualTo("TOO_LARGE");

        OrderLimits strict = new OrderLimits(10, 5, 3, 4, 200);
        OrderJson.Result r = OrderJson.parse(order("\"PQRS\"", "1", "1").getBytes(StandardCharsets.UTF_8), Long.MAX_VALUE, strict);
        assertThat(r.deadLetter.reason).isEqualTo("BAD_PRODUCT_ID");
        r = OrderJson.parse(order("\"PQR\"", "11", "1").getBytes(StandardCharsets.UTF_8), Long.MAX_VALUE, strict);
        assertThat(r.deadLetter.detail).contains("above the allowed 10.0");
    }

    @Test
    void shouldCallAnEventTimeBeyondEpochMillisABadTime() {
        String json = "{\"productId\":\"P\",\"quantity\":1,\"unitPrice\":1,\"eventTime\":99999999999999999999999}";
        assertThat(parse(json).deadLetter.reason).isEqualTo("BAD_TIME");
    }
}
