package io.flowcast.backtest.sources;

import io.flowcast.core.data.ImportedLine;
import io.flowcast.core.data.OnlineRetailReader;
import io.flowcast.core.data.OrderFiles;
import io.flowcast.core.data.OrderFiles.Format;
import io.flowcast.core.json.OrderJson;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.records.ParsedOrder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Orders from a file, in file order, on one source subtask: the Online Retail CSV (what
 * {@code flowcast import} would have put on the topic: its rejected lines never reach the job) or
 * newline-delimited order JSON (what {@code flowcast generate --output} writes; each line parsed by
 * the same code as the job's Kafka deserializer, bad lines become dead letters). Plain or gzip.
 *
 * <p>The file is streamed, never held in memory or shipped inside the job graph: a
 * {@link DataGeneratorSource} of exactly the record count (counted once up front) whose function
 * reads the next record per call. It reads sequentially, so it cannot resume from a checkpoint:
 * replays run without checkpoints and without restarts.
 */
public final class FileInput implements OrderInput {
    private static final long serialVersionUID = 1L;

    /** The two layouts a file may have. */
    private final String path;
    private final Format format;
    private final long records;
    private final long rejected;

    private FileInput(Path path, Format format, long records, long rejected) {
        this.path = path.toAbsolutePath().toString();
        this.format = format;
        this.records = records;
        this.rejected = rejected;
    }

    /** Detects the layout from the first line and counts the records (one pass over the file). */
    public static FileInput of(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read " + file);
        }
        Format format = OrderFiles.detect(file);
        long count = 0;
        long rejected = 0;
        if (format == Format.ONLINE_RETAIL_CSV) {
            try (OnlineRetailReader reader = OnlineRetailReader.open(file)) {
                while (reader.hasNext()) {
                    if (reader.next().accepted()) {
                        count++;
                    } else {
                        rejected++;
                    }
                }
            }
        } else {
            try (BufferedReader r = OrderFiles.reader(file)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (!line.isBlank()) {
                        count++;
                    }
                }
            }
        }
        return new FileInput(file, format, count, rejected);
    }

    public Format format() {
        return format;
    }

    /** CSV lines that {@code flowcast import} would send to the dead letters instead of the orders topic. */
    public long rejectedLines() {
        return rejected;
    }

    @Override
    public long expectedRecords() {
        return records;
    }

    @Override
    public String describe() {
        String name = Paths.get(path).getFileName().toString();
        return format == Format.ONLINE_RETAIL_CSV
                ? String.format("file %s (Online Retail CSV: %,d orders, %,d lines rejected as import would)", name,
                        records, rejected)
                : String.format("file %s (order JSON lines: %,d records)", name, records);
    }

    @Override
    public DataStream<ParsedOrder> create(StreamExecutionEnvironment env, Configuration conf) {
        long futureTolerance = conf.get(JobOptions.FUTURE_TOLERANCE).toMillis();
        DataGeneratorSource<ParsedOrder> source = new DataGeneratorSource<>(
                new ReadNext(path, format, futureTolerance), records, TypeInformation.of(ParsedOrder.class));
        // one subtask reads the file in order, as one producer would have written it to the topic
        return env.fromSource(source, ReplayWatermarks.of(conf), "File orders")
                .setParallelism(1).uid("backtest-file-source");
    }

    /** Reads the next record on each call; the index is ignored because one subtask reads in order. */
    static final class ReadNext implements GeneratorFunction<Long, ParsedOrder> {
        private static final long serialVersionUID = 1L;
        private final String path;
        private final Format format;
        private final long futureToleranceMillis;
        private transient OnlineRetailReader csv;
        private transient BufferedReader lines;
        private transient long lineNo;

        ReadNext(String path, Format format, long futureToleranceMillis) {
            this.path = path;
            this.format = format;
            this.futureToleranceMillis = futureToleranceMillis;
        }

        @Override
        public void open(SourceReaderContext readerContext) throws Exception {
            if (format == Format.ONLINE_RETAIL_CSV) {
                csv = OnlineRetailReader.open(Paths.get(path));
            } else {
                lines = OrderFiles.reader(Paths.get(path));
            }
        }

        @Override
        public ParsedOrder map(Long index) throws IOException {
            ReplayCounter.increment();
            if (csv != null) {
                while (csv.hasNext()) {
                    ImportedLine line = csv.next();
                    if (line.accepted()) {
                        return ParsedOrder.ok(line.order);
                    }
                }
                throw new IllegalStateException(path + " ended before record " + index + " (changed while replaying?)");
            }
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                OrderJson.Result r = OrderJson.parse(line.getBytes(StandardCharsets.UTF_8),
                        System.currentTimeMillis() + futureToleranceMillis);
                if (r.ok()) {
                    return ParsedOrder.ok(r.order);
                }
                r.deadLetter.from("file:" + Paths.get(path).getFileName(), 0, lineNo);
                return ParsedOrder.bad(r.deadLetter);
            }
            throw new IllegalStateException(path + " ended before record " + index + " (changed while replaying?)");
        }

        @Override
        public void close() throws IOException {
            try {
                if (csv != null) {
                    csv.close();
                }
                if (lines != null) {
                    lines.close();
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
