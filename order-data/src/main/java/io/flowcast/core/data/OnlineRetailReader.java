package io.flowcast.core.data;

import io.flowcast.core.events.OrderEvent;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Streams the UCI "Online Retail" CSV ({@code shared/data/online-retail/}, gzip or plain) as
 * {@link ImportedLine}s: each data line becomes an {@link OrderEvent} or a rejection with a reason.
 *
 * <p>Layout: header {@code InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country},
 * RFC 4180 quoting (descriptions hold commas and doubled quotes; a quoted field may even span lines).
 *
 * <p>Mapping of an accepted line: {@code orderId = InvoiceNo}, {@code productId = StockCode},
 * {@code quantity = Quantity}, {@code unitPrice = UnitPrice}, {@code customerId = CustomerID} (null when
 * empty), {@code country = Country}, {@code category = null}, {@code promotion = false}, and
 * {@code eventTime} = InvoiceDate read as UK wall-clock time in {@code Europe/London} (GMT in winter,
 * BST = UTC+1 in summer) and turned into epoch millis. In the autumn overlap hour the earlier offset
 * (BST) is used, a time in the spring gap moves forward by the gap; the shop does not trade at 1-2 am,
 * so neither happens in this file.
 *
 * <p>Rejection rules, applied in this order, first match wins (demand is what customers bought, so
 * anything that is not a sale of a product is left out):
 * <ol>
 *   <li>{@value #REJECT_MALFORMED}: not 8 fields, an empty InvoiceNo or StockCode, or a Quantity, UnitPrice
 *       or InvoiceDate that does not parse;</li>
 *   <li>{@value #REJECT_CANCELLATION}: InvoiceNo starts with {@code C} (whatever the code or quantity);</li>
 *   <li>{@value #REJECT_RETURN}: Quantity zero or negative (returns, damages, stock corrections);</li>
 *   <li>{@value #REJECT_NON_PRODUCT}: a StockCode that does not start with five digits: postage (POST, DOT),
 *       discounts (D), manual entries (M, m), fees (BANK CHARGES, AMAZONFEE), carriage (C2), samples (S),
 *       charity (CRUK), padding (PADS), bad debt (B), gift vouchers (gift_...), display stands (DCGS...);</li>
 *   <li>{@value #REJECT_ZERO_PRICE}: UnitPrice zero or negative (free items and adjustments).</li>
 * </ol>
 * Counts per reason are kept as lines are read ({@link #rejectCounts()}).
 *
 * <p>Not thread-safe. Close it to release the file.
 */
public final class OnlineRetailReader implements Iterator<ImportedLine>, Closeable {
    public static final String REJECT_MALFORMED = "malformed line";
    public static final String REJECT_CANCELLATION = "cancellation";
    public static final String REJECT_RETURN = "return or adjustment";
    public static final String REJECT_NON_PRODUCT = "non-product code";
    public static final String REJECT_ZERO_PRICE = "zero price";
    /** Every reason, in the order the rules apply. */
    public static final List<String> REJECT_REASONS = List.of(REJECT_MALFORMED, REJECT_CANCELLATION,
            REJECT_RETURN, REJECT_NON_PRODUCT, REJECT_ZERO_PRICE);

    public static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
    /** The shop's wall-clock zone: InvoiceDate carries no offset. */
    public static final ZoneId SHOP_ZONE = ZoneId.of("Europe/London");
    /** The file of this project, relative to the shared directory. */
    public static final String DEFAULT_FILE = "data/online-retail/online_retail_2010-12-01_2011-08-31.csv.gz";
    /** System property naming the shared directory; else it is searched upwards from the working directory. */
    public static final String SHARED_DIR_PROPERTY = "flowcast.sharedDir";

    private static final Pattern PRODUCT_CODE = Pattern.compile("^[0-9]{5}.*");
    private static final int FIELDS = 8;

    private final BufferedReader in;
    private final Map<String, Long> rejects = new LinkedHashMap<>();
    private int lineNo;
    private long accepted;
    private long dataLines;
    private ImportedLine next;
    private boolean done;

    /** Reads CSV text, starting with the header line. */
    public OnlineRetailReader(Reader reader) {
        this.in = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader, 1 << 16);
        REJECT_REASONS.forEach(r -> rejects.put(r, 0L));
        readHeader();
    }

    /** Opens a file, gzip-compressed (detected by its magic bytes, not its name) or plain. */
    public static OnlineRetailReader open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            raw.mark(2);
            int b1 = raw.read();
            int b2 = raw.read();
            raw.reset();
            InputStream data = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            return new OnlineRetailReader(new InputStreamReader(data, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The project's Online Retail file, found through {@link #sharedDirectory()}. */
    public static Path defaultFile() {
        return sharedDirectory().resolve(DEFAULT_FILE);
    }

    /**
     * The {@code shared} directory: the {@value #SHARED_DIR_PROPERTY} system property if set, else the first
     * {@code shared} (or sibling {@code ../shared}) holding {@code data/online-retail} walking up from the
     * working directory; the repo sits next to it both here and in CI.
     */
    public static Path sharedDirectory() {
        String prop = System.getProperty(SHARED_DIR_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop).toAbsolutePath();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("data/online-retail"))) {
                return candidate;
            }
            if (dir.getFileName() != null && dir.getFileName().toString().equals("shared")
                    && Files.isDirectory(dir.resolve("data/online-retail"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no shared/data/online-retail above " + Paths.get("").toAbsolutePath()
                + "; set -D" + SHARED_DIR_PROPERTY + "=<dir>");
    }

    private void readHeader() {
        String header = readLine();
        if (header == null) {
            done = true;
            return;
        }
        if (!header.isEmpty() && header.charAt(0) == '\uFEFF') {
            header = header.substring(1);
        }
        if (!header.trim().equals(HEADER)) {
            throw new IllegalArgumentException("not the Online Retail layout, header: " + header);
        }
    }

    private String readLine() {
        try {
            String line = in.readLine();
            if (line != null) {
                lineNo++;
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("reading line " + (lineNo + 1), e);
        }
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        String line;
        do {
            line = readLine();
            if (line == null) {
                done = true;
                return false;
            }
        } while (line.isEmpty()); // a trailing blank line is no record
        int first = lineNo;
        // an open quote at the end of the line: the field goes on in the next line (RFC 4180)
        while (unbalancedQuotes(line)) {
            String more = readLine();
            if (more == null) {
                break;
            }
            line = line + "\n" + more;
        }
        next = parseLine(first, line);
        dataLines++;
        if (next.accepted()) {
            accepted++;
        } else {
            rejects.merge(next.rejectReason, 1L, Long::sum);
        }
        return true;
    }

    @Override
    public ImportedLine next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ImportedLine l = next;
        next = null;
        return l;
    }

    /** Applies the mapping and rejection rules of the class comment to one data line. */
    public static ImportedLine parseLine(int lineNumber, String line) {
        List<String> f = splitCsv(line);
        if (f == null || f.size() != FIELDS) {
            return reject(lineNumber, line, REJECT_MALFORMED);
        }
        String invoice = f.get(0).trim();
        String code = f.get(1).trim();
        if (invoice.isEmpty() || code.isEmpty()) {
            return reject(lineNumber, line, REJECT_MALFORMED);
        }
        double quantity;
        double price;
        long time;
        try {
            quantity = Double.parseDouble(f.get(3).trim());
            price = Double.parseDouble(f.get(5).trim());
            time = parseShopTime(f.get(4).trim());
        } catch (RuntimeException e) {
            return reject(lineNumber, line, REJECT_MALFORMED);
        }
        if (!Double.isFinite(quantity) || !Double.isFinite(price)) {
            return reject(lineNumber, line, REJECT_MALFORMED);
        }
        if (invoice.charAt(0) == 'C' || invoice.charAt(0) == 'c') {
            return reject(lineNumber, line, REJECT_CANCELLATION);
        }
        if (quantity <= 0) {
            return reject(lineNumber, line, REJECT_RETURN);
        }
        if (!PRODUCT_CODE.matcher(code).matches()) {
            return reject(lineNumber, line, REJECT_NON_PRODUCT);
        }
        if (price <= 0) {
            return reject(lineNumber, line, REJECT_ZERO_PRICE);
        }
        OrderEvent e = new OrderEvent(invoice, code, quantity, price, time);
        String customer = f.get(6).trim();
        e.customerId = customer.isEmpty() ? null : customer;
        String country = f.get(7).trim();
        e.country = country.isEmpty() ? null : country;
        return new ImportedLine(lineNumber, line, e, null);
    }

    /** {@code yyyy-MM-dd HH:mm[:ss]} in UK wall-clock time to epoch millis. */
    public static long parseShopTime(String text) {
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        return LocalDateTime.parse(iso).atZone(SHOP_ZONE).toInstant().toEpochMilli();
    }

    private static ImportedLine reject(int lineNumber, String line, String reason) {
        return new ImportedLine(lineNumber, line, null, reason);
    }

    /**
     * Splits one CSV record per RFC 4180: fields separated by commas, a field in double quotes may hold
     * commas, line breaks and doubled quotes ({@code ""} for one {@code "}). Returns null when a quote is
     * left open or text follows a closing quote.
     */
    public static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>(FIELDS);
        StringBuilder field = new StringBuilder();
        int i = 0;
        int len = line.length();
        while (true) {
            field.setLength(0);
            if (i < len && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= len) {
                        return null; // quote never closed
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < len && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < len && line.charAt(i) != ',') {
                    return null; // text after the closing quote
                }
            } else {
                int comma = line.indexOf(',', i);
                int stop = comma < 0 ? len : comma;
                if (line.indexOf('"', i) >= 0 && line.indexOf('"', i) < stop) {
                    return null; // a quote inside an unquoted field
                }
                field.append(line, i, stop);
                i = stop;
            }
            out.add(field.toString());
            if (i >= len) {
                return out;
            }
            i++; // the comma
            if (i == len) {
                out.add("");
                return out;
            }
        }
    }

    private static boolean unbalancedQuotes(String line) {
        int quotes = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '"') {
                quotes++;
            }
        }
        return (quotes & 1) == 1;
    }

    /** Rejected lines so far per reason, every reason present (zero if none), in rule order. */
    public Map<String, Long> rejectCounts() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(rejects));
    }

    /** Data lines read so far (the header not counted). */
    public long linesRead() {
        return dataLines;
    }

    public long acceptedCount() {
        return accepted;
    }

    public long rejectedCount() {
        return dataLines - accepted;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
