package io.flowcast.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class JobOptionsTest {
    @Test
    void shouldGiveEveryOptionItsOwnKey() {
        Set<String> keys = new HashSet<>();
        for (ConfigOption<?> o : JobOptions.all()) {
            assertThat(keys.add(o.key())).as("duplicate key %s", o.key()).isTrue();
        }
        assertThat(keys).hasSizeGreaterThan(15);
    }

    @Test
    void shouldMapFlagsOntoTypedOptions() {
        Configuration conf = JobOptions.fromArgs(new String[] {
                "--bucket-size", "1d", "--horizon=7", "--bootstrap-servers", "kafka:9092", "--bounded"});
        assertThat(conf.get(JobOptions.BUCKET_SIZE)).isEqualTo(Duration.ofDays(1));
        assertThat(conf.get(JobOptions.HORIZON)).isEqualTo(7);
        assertThat(conf.get(JobOptions.BOOTSTRAP_SERVERS)).isEqualTo("kafka:9092");
        assertThat(conf.get(JobOptions.BOUNDED)).isTrue();
        assertThat(conf.get(JobOptions.LOOKBACK)).isEqualTo(168); // untouched default
    }

    @Test
    void shouldRefuseUnknownOptionsAndBadValuesByName() {
        assertThatThrownBy(() -> JobOptions.fromArgs(new String[] {"--bucket-sise", "1h"}))
                .hasMessageContaining("unknown option --bucket-sise");
        assertThatThrownBy(() -> JobOptions.fromArgs(new String[] {"--horizon", "seven"}))
                .hasMessageContaining("--horizon");
    }

    @Test
    void shouldDescribeEveryOptionInTheHelp() {
        String help = JobOptions.help();
        for (ConfigOption<?> o : JobOptions.all()) {
            assertThat(help).contains("--" + o.key());
        }
        assertThat(help).contains("default: 1 h");
    }

    @Test
    void shouldCheckEveryNamedChoiceWhenTheOptionsAreParsed() {
        assertThatThrownBy(() -> JobOptions.fromArgs(new String[] {"--forecaster", "prophet"}))
                .hasMessageContaining("--forecaster").hasMessageContaining("tsb").hasMessageContaining("serves alone under lstm");
        assertThat(JobOptions.fromArgs(new String[] {"--forecaster", "lstm"}).get(JobOptions.FORECASTER)).isEqualTo("lstm");
        assertThatThrownBy(() -> JobOptions.fromArgs(new String[] {"--state-backend", "memory"}))
                .hasMessageContaining("--state-backend").hasMessageContaining("rocksdb");
        assertThatThrownBy(() -> JobOptions.fromArgs(new String[] {"--starting-offsets", "newest"}))
                .hasMessageContaining("--starting-offsets").hasMessageContaining("committed");
        for (String name : io.flowcast.core.forecast.Forecasters.names()) {
            assertThat(JobOptions.fromArgs(new String[] {"--forecaster", name}).get(JobOptions.FORECASTER)).isEqualTo(name);
        }
    }
}
