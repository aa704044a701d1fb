package io.flowcast.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSettingsTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadTheFileAndLetPairsWin() throws Exception {
        Path f = Files.writeString(dir.resolve("c.properties"), "security.protocol=SSL\nssl.truststore.type=PKCS12\n");
        var p = KafkaClientSettings.load(f.toString(), "security.protocol=SASL_SSL\nsasl.jaas.config=a=b;");
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("sasl.jaas.config", "a=b;"); // split at the first '=' only
    }

    @Test
    void shouldNameWhatIsWrong() {
        assertThatThrownBy(() -> KafkaClientSettings.load(dir.resolve("missing").toString(), null))
                .hasMessageContaining("cannot read Kafka properties file");
        assertThatThrownBy(() -> KafkaClientSettings.load(null, "no-equals-sign")).hasMessageContaining("key=value");
        assertThat(KafkaClientSettings.load("", "")).isEmpty();
    }
}
