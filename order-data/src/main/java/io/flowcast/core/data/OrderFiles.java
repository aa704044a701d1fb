package io.flowcast.core.data;

import io.flowcast.core.events.OrderEvent;
import io.flowcast.core.json.OrderJson;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Order history files, the two layouts every command accepts: an Online Retail CSV (its header line
 * says so) or order JSON lines as {@code flowcast generate --output} writes them; plain or gzip
 * (told by the magic bytes, not the name).
 */
public final class OrderFiles {
    private OrderFiles() {}

    /** The two layouts. */
    public enum Format { ONLINE_RETAIL_CSV, ORDER_JSON_LINES }

    /** A UTF-8 reader of the file, gunzipped when it starts with the gzip magic. */
    public static BufferedReader reader(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        InputStream data = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The layout, from the first line: the Online Retail header, or else order JSON lines. */
    public static Format detect(Path file) throws IOException {
        try (BufferedReader r = reader(file)) {
            String first = r.readLine();
            if (first != null && first.startsWith("\uFEFF")) {
                first = first.substring(1);
            }
            return first != null && first.trim().equals(OnlineRetailReader.HEADER)
                    ? Format.ONLINE_RETAIL_CSV : Format.ORDER_JSON_LINES;
        }
    }

    /**
     * Hands every usable order to {@code sink}, in file order, with the rules the import and the job
     * apply (CSV lines that {@code flowcast import} rejects, JSON lines that the job's parser
     * dead-letters); returns how many lines were not usable.
     */
    public static long forEachOrder(Path file, Consumer<OrderEvent> sink) throws IOException {
        long rejected = 0;
        if (detect(file) == Format.ONLINE_RETAIL_CSV) {
            try (OnlineRetailReader reader = OnlineRetailReader.open(file)) {
                while (reader.hasNext()) {
                    ImportedLine line = reader.next();
                    if (line.accepted()) {
                        sink.accept(line.order);
                    } else {
                        rejected++;
                    }
                }
            }
            return rejected;
        }
        try (BufferedReader r = reader(file)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                OrderJson.Result parsed = OrderJson.parse(line.getBytes(StandardCharsets.UTF_8), Long.MAX_VALUE);
                if (parsed.ok()) {
                    sink.accept(parsed.order);
                } else {
                    rejected++;
                }
            }
        }
        return rejected;
    }
}
