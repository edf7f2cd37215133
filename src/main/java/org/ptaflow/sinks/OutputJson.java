package org.ptaflow.sinks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.ptaflow.economics.ImpactRow;
import org.ptaflow.quotas.QuotaStatus;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.RejectedRecord;

/**
 * The job's outputs as JSON objects for Kafka. Impact rows carry the contract §4 column names; money is an exact
 * decimal (from micro-USD), estimates are rounded to six decimals like the CSV, an empty ratio is null. A row also
 * says whether it is {@code final} or an early update of an open window.
 */
public final class OutputJson {
    /** Decimals as written (10, not 1E+1): consumers parse them as exact numbers. */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private OutputJson() {}

    /** The columns of {@link ImpactColumns}, with {@code final} after the row's identity and the bands last. */
    public static ObjectNode impact(ImpactRow r) {
        ObjectNode o = JSON.createObjectNode();
        for (ImpactColumns.Column c : ImpactColumns.IDENTITY) {
            c.putJson(o, r);
        }
        o.put("final", r.finalRow);
        for (ImpactColumns.Column c : ImpactColumns.MEASURES) {
            c.putJson(o, r);
        }
        if (r.hasBands) {
            for (ImpactColumns.Column c : ImpactColumns.MEASURES) {
                for (ImpactColumns.Column band : c.bands()) {
                    band.putJson(o, r);
                }
            }
        }
        return o;
    }

    /** A line of {@code taxes.csv} as the {@code tax-rows} topic carries it ({@link TaxColumns}). */
    public static ObjectNode tax(TaxLine line) {
        return TaxColumns.json(line, JSON.createObjectNode());
    }

    /** A row of {@code quotas.csv} as the {@code quota-status} topic carries it ({@link QuotaColumns}). */
    public static ObjectNode quota(QuotaStatus row) {
        return QuotaColumns.json(row, JSON.createObjectNode());
    }

    /** A row of {@code transit.csv} as the {@code transit-rows} topic carries it ({@link TransitColumns}). */
    public static ObjectNode transitRow(org.ptaflow.transit.TransitRow row) {
        return TransitColumns.json(row, JSON.createObjectNode());
    }

    /** A row of {@code transit-alerts.csv} as the {@code transit-alerts} topic carries it. */
    public static ObjectNode transitAlert(org.ptaflow.transit.TransitAlert alert) {
        return TransitAlertColumns.json(alert, JSON.createObjectNode());
    }

    /** A row of {@code flags.csv} as the {@code flags} topic carries it ({@link FlagColumns}). */
    public static ObjectNode flag(org.ptaflow.flags.Flag flag) {
        return FlagColumns.json(flag, JSON.createObjectNode());
    }

    public static ObjectNode rejected(RejectedRecord r) {
        return RecordColumns.json(RecordColumns.REJECTED, r, JSON.createObjectNode());
    }

    public static ObjectNode late(LateRecord r) {
        return RecordColumns.json(RecordColumns.LATE, r, JSON.createObjectNode());
    }

    public static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
