package io.flowcast.core.data;

import static io.flowcast.core.data.OnlineRetailReader.REJECT_CANCELLATION;
import static io.flowcast.core.data.OnlineRetailReader.REJECT_MALFORMED;
import static io.flowcast.core.data.OnlineRetailReader.REJECT_NON_PRODUCT;
import static io.flowcast.core.data.OnlineRetailReader.REJECT_RETURN;
import static io.flowcast.core.data.OnlineRetailReader.REJECT_ZERO_PRICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnlineRetailReaderTest {
    private static final int TOTAL_DATA_LINES = 320_705;
    /** Hand-checked lines of the real file, by line number (header = line 1). */
    private static final Set<Integer> CHECKED = Set.of(2, 29, 131, 143, 624, 1503, 2408, 209193);

    private static final Map<Integer, ImportedLine> checkedLines = new HashMap<>();
    private static Map<String, Long> rejectCounts;
    private static long linesRead;
    private static long accepted;
    private static long iterated;

    @BeforeAll
    static void readTheRealFileOnce() throws Exception {
        Path file = OnlineRetailReader.defaultFile();
        assertThat(file).exists();
        try (OnlineRetailReader reader = OnlineRetailReader.open(file)) {
            while (reader.hasNext()) {
                ImportedLine line = reader.next();
                iterated++;
                if (CHECKED.contains(line.lineNumber)) {
                    checkedLines.put(line.lineNumber, line);
                }
            }
            rejectCounts = reader.rejectCounts();
            linesRead = reader.linesRead();
            accepted = reader.acceptedCount();
        }
    }

    @Test
    void shouldReadEveryLineAndCountEachRejectReason() {
        assertThat(iterated).isEqualTo(TOTAL_DATA_LINES);
        assertThat(linesRead).isEqualTo(TOTAL_DATA_LINES);
        assertThat(accepted + rejectCounts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(TOTAL_DATA_LINES);
        // cross-checked with Python's csv module applying the same rules in the same order
        assertThat(rejectCounts).containsExactly(
                Map.entry(REJECT_MALFORMED, 0L),
                Map.entry(REJECT_CANCELLATION, 5_847L),
                Map.entry(REJECT_RETURN, 925L),
                Map.entry(REJECT_NON_PRODUCT, 1_587L),
                Map.entry(REJECT_ZERO_PRICE, 864L));
        assertThat(accepted).isEqualTo(311_482L);
    }

    @Test
    void shouldMapTheFirstDataLineInWinterTime() {
        ImportedLine line = checkedLines.get(2);
        assertThat(line.rawLine).startsWith("536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,");
        assertThat(line.order.orderId).isEqualTo("536365");
        assertThat(line.order.productId).isEqualTo("85123A");
        assertThat(line.order.quantity).isEqualTo(6.0);
        assertThat(line.order.unitPrice).isEqualTo(2.55);
        assertThat(line.order.customerId).isEqualTo("17850");
        assertThat(line.order.country).isEqualTo("United Kingdom");
        assertThat(line.order.category).isNull();
        assertThat(line.order.promotion).isFalse();
        // December: London is on GMT, so wall-clock time equals UTC
        assertThat(Instant.ofEpochMilli(line.order.eventTime)).isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
    }

    @Test
    void shouldSplitQuotedDescriptionsWithCommasAndDoubledQuotes() {
        ImportedLine comma = checkedLines.get(131); // "AIRLINE LOUNGE,METAL SIGN"
        assertThat(comma.rawLine).contains("\"AIRLINE LOUNGE,METAL SIGN\"");
        assertThat(comma.accepted()).isTrue();
        assertThat(comma.order.productId).isEqualTo("82567");
        assertThat(comma.order.quantity).isEqualTo(2.0);
        assertThat(comma.order.unitPrice).isEqualTo(2.1);
        assertThat(comma.order.customerId).isEqualTo("15311");

        ImportedLine quotes = checkedLines.get(1503); // "LETTER ""R"" BLING KEY RING", no customer
        assertThat(quotes.accepted()).isTrue();
        assertThat(quotes.order.productId).isEqualTo("90214R");
        assertThat(quotes.order.customerId).isNull();
        assertThat(quotes.order.country).isEqualTo("United Kingdom");
        assertThat(OnlineRetailReader.splitCsv(quotes.rawLine).get(2)).isEqualTo("LETTER \"R\" BLING KEY RING");
    }

    @Test
    void shouldConvertBritishSummerTimeToUtc() {
        ImportedLine june = checkedLines.get(209193); // 2011-06-01 11:13:00 London
        assertThat(Instant.ofEpochMilli(june.order.eventTime)).isEqualTo(Instant.parse("2011-06-01T10:13:00Z"));
        assertThat(Instant.ofEpochMilli(OnlineRetailReader.parseShopTime("2011-06-01 12:00:00")))
                .isEqualTo(Instant.parse("2011-06-01T11:00:00Z"));
        // the day after the clocks went forward (2011-03-27 01:00 GMT)
        assertThat(Instant.ofEpochMilli(OnlineRetailReader.parseShopTime("2011-03-28 09:00:00")))
                .isEqualTo(Instant.parse("2011-03-28T08:00:00Z"));
        assertThat(Instant.ofEpochMilli(OnlineRetailReader.parseShopTime("2011-03-26 09:00:00")))
                .isEqualTo(Instant.parse("2011-03-26T09:00:00Z"));
    }

    @Test
    void shouldRejectWhatIsNotDemandWithTheDocumentedReason() {
        assertThat(checkedLines.get(143).rejectReason).isEqualTo(REJECT_CANCELLATION); // C536379,D,Discount,-1
        assertThat(checkedLines.get(2408).rejectReason).isEqualTo(REJECT_RETURN);      // 536589,21777,Unknown,-10
        assertThat(checkedLines.get(29).rejectReason).isEqualTo(REJECT_NON_PRODUCT);   // 536370,POST,POSTAGE
        assertThat(checkedLines.get(624).rejectReason).isEqualTo(REJECT_ZERO_PRICE);   // 536414,22139,Unknown,56,..,0.0
        assertThat(checkedLines.get(143).order).isNull();
        assertThat(checkedLines.get(143).rawLine).startsWith("C536379,D,Discount,-1,");
    }

    @Test
    void shouldApplyTheRulesInTheDocumentedOrder() {
        String t = "2011-01-10 10:00:00";
        assertThat(reason("C1,85123A,x,5," + t + ",1.0,1,UK")).isEqualTo(REJECT_CANCELLATION);
        assertThat(reason("C1,POST,x,-5," + t + ",1.0,1,UK")).isEqualTo(REJECT_CANCELLATION);
        assertThat(reason("1,POST,x,-5," + t + ",0,1,UK")).isEqualTo(REJECT_RETURN);
        assertThat(reason("1,85123A,x,0," + t + ",1.0,1,UK")).isEqualTo(REJECT_RETURN);
        for (String code : List.of("POST", "D", "M", "m", "DOT", "BANK CHARGES", "AMAZONFEE", "C2", "S", "CRUK", "PADS",
                "B", "gift_0001_20", "DCGS0003", "1234", "A12345")) {
            assertThat(reason("1," + code + ",x,1," + t + ",1.0,1,UK")).as(code).isEqualTo(REJECT_NON_PRODUCT);
        }
        assertThat(reason("1,POST,x,1," + t + ",0,1,UK")).isEqualTo(REJECT_NON_PRODUCT);
        assertThat(reason("1,85123A,x,1," + t + ",0.0,1,UK")).isEqualTo(REJECT_ZERO_PRICE);
        assertThat(reason("1,85123A,x,1," + t + ",-11062.06,1,UK")).isEqualTo(REJECT_ZERO_PRICE);
        assertThat(reason("1,85123A,x,1," + t + ",1.0,1,UK")).isNull();
        assertThat(reason("1,15056BL,x,1," + t + ",1.0,,UK")).isNull();
    }

    @Test
    void shouldRejectUnparseableLinesAsMalformed() {
        String t = "2011-01-10 10:00:00";
        assertThat(reason("1,85123A,x,1," + t + ",1.0,1")).isEqualTo(REJECT_MALFORMED);          // 7 fields
        assertThat(reason("1,85123A,x,1," + t + ",1.0,1,UK,extra")).isEqualTo(REJECT_MALFORMED); // 9 fields
        assertThat(reason("1,85123A,x,one," + t + ",1.0,1,UK")).isEqualTo(REJECT_MALFORMED);
        assertThat(reason("1,85123A,x,1,2011-13-10 10:00:00,1.0,1,UK")).isEqualTo(REJECT_MALFORMED);
        assertThat(reason("1,85123A,x,1," + t + ",NaN,1,UK")).isEqualTo(REJECT_MALFORMED);
        assertThat(reason("1,85123A,\"open,1," + t + ",1.0,1,UK")).isEqualTo(REJECT_MALFORMED);
        assertThat(reason("1,85123A,\"a\"b,1," + t + ",1.0,1,UK")).isEqualTo(REJECT_MALFORMED);
        assertThat(reason(",85123A,x,1," + t + ",1.0,1,UK")).isEqualTo(REJECT_MALFORMED);
    }

    @Test
    void shouldSplitCsvPerRfc4180() {
        assertThat(OnlineRetailReader.splitCsv("a,\"b,c\",\"d \"\"e\"\"\",,f,")).containsExactly("a", "b,c", "d \"e\"", "", "f", "");
        assertThat(OnlineRetailReader.splitCsv("\"\"")).containsExactly("");
        assertThat(OnlineRetailReader.splitCsv("")).containsExactly("");
        assertThat(OnlineRetailReader.splitCsv("\"x")).isNull();
    }

    @Test
    void shouldJoinAQuotedFieldThatSpansLinesAndReadPlainText(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String csv = OnlineRetailReader.HEADER + "\r\n"
                + "1,85123A,\"two\nlines, really\",3,2011-06-01 12:00:00,1.5,42,United Kingdom\r\n"
                + "C2,85123A,x,-3,2011-06-01 12:05:00,1.5,42,United Kingdom\r\n"
                + "\r\n";
        Path plain = dir.resolve("small.csv");
        Files.writeString(plain, csv);
        List<ImportedLine> lines = new ArrayList<>();
        try (OnlineRetailReader reader = OnlineRetailReader.open(plain)) {
            reader.forEachRemaining(lines::add);
            assertThat(reader.rejectCounts()).containsEntry(REJECT_CANCELLATION, 1L);
        }
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).lineNumber).isEqualTo(2);
        assertThat(lines.get(0).order.quantity).isEqualTo(3.0);
        assertThat(lines.get(0).order.eventTime).isEqualTo(Instant.parse("2011-06-01T11:00:00Z").toEpochMilli());
        assertThat(lines.get(1).lineNumber).isEqualTo(4);
        assertThat(lines.get(1).rejectReason).isEqualTo(REJECT_CANCELLATION);
    }

    @Test
    void shouldRefuseAFileWithAnotherLayout() {
        assertThatThrownBy(() -> new OnlineRetailReader(new StringReader("a,b,c\n1,2,3\n")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String reason(String line) {
        return OnlineRetailReader.parseLine(7, line).rejectReason;
    }
}
