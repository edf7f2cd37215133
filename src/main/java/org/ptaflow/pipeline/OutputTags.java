package org.ptaflow.pipeline;

import org.ptaflow.flags.Flag;
import org.ptaflow.flags.OriginImport;

import org.apache.flink.util.OutputTag;
import org.ptaflow.quotas.QuotaEvent;
import org.ptaflow.quotas.QuotaEventTypeInfo;
import org.ptaflow.quotas.QuotaStatus;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.RejectedRecord;

/**
 * The side outputs of the job: records that break the contract, records beyond a window's allowed lateness, and the
 * quotas' daily allocations.
 */
public final class OutputTags {
    private OutputTags() {}

    public static final OutputTag<RejectedRecord> REJECTED = new OutputTag<>("rejected-records") {};
    public static final OutputTag<LateRecord> LATE = new OutputTag<>("late-records") {};
    /** A quota's allocation of one registration day (economics.md §7). */
    public static final OutputTag<QuotaStatus> QUOTA_STATUS = new OutputTag<>("quota-status") {};
    /**
     * Inside the job: records on quota lines and quota volume changes, from the scenario join to the allocation, in the
     * compact layout of {@link QuotaEventTypeInfo}.
     */
    public static final OutputTag<QuotaEvent> QUOTA_EVENTS =
            new OutputTag<>("quota-events", QuotaEventTypeInfo.INSTANCE);
    /**
     * Inside the job: each line's values by origin and month, combined in the scenario join, to rule
     * {@code partner_shift}.
     */
    public static final OutputTag<OriginImport> ORIGIN_IMPORTS = new OutputTag<>("origin-imports") {};
    /** Rule {@code consignment}'s flags, raised by the scenario join on the records themselves. */
    public static final OutputTag<Flag> FLAGS = new OutputTag<>("flags") {};
}
