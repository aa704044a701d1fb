package io.flowcast.job.sinks;

/** An output record already serialized and checked against the size limit: what the Kafka sinks write. */
public class SerializedRecord {
    /** Kafka key bytes, or null for none. */
    public byte[] key;
    public byte[] value;

    public SerializedRecord() {}

    public SerializedRecord(byte[] key, byte[] value) {
        this.key = key;
        this.value = value;
    }

    /** Bytes the record adds to a produce request, leaving out the few dozen of framing. */
    public int size() {
        return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    }
}
