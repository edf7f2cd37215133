package org.ptaflow.records;

/**
 * A valid record that arrived after its window closed for a scenario (beyond the scenario's allowed lateness).
 * It is counted and kept here, never silently dropped. A Flink POJO.
 */
public class LateRecord {
    public String scenario;
    public String source;
    /** The record's line in its source (file line, or Kafka offset), as a rejected record's: its identity there. */
    public long line;
    public String declarationId;
    public long itemNo;
    /** The record's event time and the watermark it met, epoch milliseconds UTC. */
    public long registeredAt;
    public long watermark;
    /** Start of the window it belonged to. */
    public long windowStart;
    public String originalText;

    public LateRecord() {}
}
