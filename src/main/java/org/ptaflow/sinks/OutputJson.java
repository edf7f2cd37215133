package org.ptaflow.sinks;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.ptaflow.economics.ImpactRow;
import org.ptaflow.pipeline.LateRecord;
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

    /** The row's key on the compacted topic: scenario, window, importer, beneficiary, HS6. */
    public static String impactKey(ImpactRow r) {
        return r.scenario + "|" + Instant.ofEpochMilli(r.windowStart) + "|" + r.importer + "|" + r.beneficiary + "|"
                + r.hs6;
    }

    public static ObjectNode impact(ImpactRow r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("scenario", r.scenario);
        o.put("window_start", Instant.ofEpochMilli(r.windowStart).toString());
        o.put("window_end", Instant.ofEpochMilli(r.windowEnd).toString());
        o.put("importer", r.importer);
        o.put("beneficiary", r.beneficiary);
        o.put("hs6", r.hs6);
        o.put("final", r.finalRow);
        o.put("records", r.records);
        money(o, "value_beneficiary", r.valueBeneficiary);
        money(o, "value_others", r.valueOthers);
        money(o, "dutiable_value", r.dutiableValue);
        money(o, "eligible_value", r.eligibleValue);
        money(o, "preferential_value", r.preferentialValue);
        decimal(o, "utilization", r.utilization);
        decimal(o, "t0", r.t0);
        decimal(o, "t1", r.t1);
        money(o, "duty_at_mfn", r.dutyAtMfn);
        money(o, "duty_statutory", r.dutyStatutory);
        money(o, "revenue_forgone", r.revenueForgone);
        decimal(o, "trade_creation", r.tradeCreation);
        decimal(o, "trade_diversion", r.tradeDiversion);
        decimal(o, "trade_effect", r.tradeEffect);
        decimal(o, "revenue_change", r.revenueChange);
        decimal(o, "welfare", r.welfare);
        if (r.hasBands) {
            decimal(o, "trade_creation_p05", r.tradeCreationP05);
            decimal(o, "trade_creation_p50", r.tradeCreationP50);
            decimal(o, "trade_creation_p95", r.tradeCreationP95);
            decimal(o, "trade_diversion_p05", r.tradeDiversionP05);
            decimal(o, "trade_diversion_p50", r.tradeDiversionP50);
            decimal(o, "trade_diversion_p95", r.tradeDiversionP95);
            decimal(o, "revenue_change_p05", r.revenueChangeP05);
            decimal(o, "revenue_change_p50", r.revenueChangeP50);
            decimal(o, "revenue_change_p95", r.revenueChangeP95);
        }
        return o;
    }

    public static ObjectNode rejected(RejectedRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("source", r.source);
        o.put("line", r.line);
        o.put("scenario", r.scenario);
        o.put("reason", r.reason);
        o.put("message", r.message);
        o.put("original_text", r.originalText);
        return o;
    }

    public static ObjectNode late(LateRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("scenario", r.scenario);
        o.put("source", r.source);
        o.put("declaration_id", r.declarationId);
        o.put("item_no", r.itemNo);
        o.put("registered_at", Instant.ofEpochMilli(r.registeredAt).toString());
        o.put("window_start", Instant.ofEpochMilli(r.windowStart).toString());
        o.put("watermark", Instant.ofEpochMilli(r.watermark).toString());
        o.put("original_text", r.originalText);
        return o;
    }

    public static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void money(ObjectNode o, String field, long micros) {
        o.put(field, BigDecimal.valueOf(micros, 6).stripTrailingZeros());
    }

    private static void decimal(ObjectNode o, String field, double value) {
        String printed = org.ptaflow.economics.Money.formatDouble(value);
        if (printed.isEmpty()) {
            o.putNull(field);
        } else {
            o.put(field, new BigDecimal(printed));
        }
    }
}
