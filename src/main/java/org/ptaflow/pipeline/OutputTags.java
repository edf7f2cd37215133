package org.ptaflow.pipeline;

import org.apache.flink.util.OutputTag;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.RejectedRecord;

/** The side outputs of the job: records that break the contract, and records beyond a window's allowed lateness. */
public final class OutputTags {
    private OutputTags() {}

    public static final OutputTag<RejectedRecord> REJECTED = new OutputTag<>("rejected-records") {};
    public static final OutputTag<LateRecord> LATE = new OutputTag<>("late-records") {};
}
