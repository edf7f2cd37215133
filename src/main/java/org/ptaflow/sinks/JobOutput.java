package org.ptaflow.sinks;

import org.ptaflow.economics.ImpactRow;
import org.ptaflow.quotas.QuotaStatus;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.RejectedRecord;

/**
 * One of the job's outputs (impact rows, rejected and late records, the quotas' daily allocations, transit rows and alerts, flags), tagged, so that a run on the embedded cluster can bring all of them back to the
 * command line through a single collect sink (several collect iterators would have to be drained in parallel or
 * the job stalls). Exactly one field is set. A Flink POJO.
 */
public class JobOutput {
    public ImpactRow impact;
    public RejectedRecord rejected;
    public LateRecord late;
    public QuotaStatus quota;
    public org.ptaflow.transit.TransitRow transitRow;
    public org.ptaflow.transit.TransitAlert transitAlert;
    public org.ptaflow.flags.Flag flag;

    public JobOutput() {}

    public static JobOutput of(ImpactRow row) {
        JobOutput o = new JobOutput();
        o.impact = row;
        return o;
    }

    public static JobOutput of(RejectedRecord r) {
        JobOutput o = new JobOutput();
        o.rejected = r;
        return o;
    }

    public static JobOutput of(LateRecord r) {
        JobOutput o = new JobOutput();
        o.late = r;
        return o;
    }

    public static JobOutput of(org.ptaflow.transit.TransitRow row) {
        JobOutput o = new JobOutput();
        o.transitRow = row;
        return o;
    }

    public static JobOutput of(org.ptaflow.transit.TransitAlert alert) {
        JobOutput o = new JobOutput();
        o.transitAlert = alert;
        return o;
    }

    public static JobOutput of(org.ptaflow.flags.Flag flag) {
        JobOutput o = new JobOutput();
        o.flag = flag;
        return o;
    }

    public static JobOutput of(QuotaStatus q) {
        JobOutput o = new JobOutput();
        o.quota = q;
        return o;
    }
}
