package org.ptaflow.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A record split by a quota (economics.md §7): worked case Q's 300 kg claim granted 120 kg pays the preferential
 * rate on 40 % of its value and MFN on 60 %; only that 40 % is preferential.
 */
class QuotaSplitTest {
    private static long usd(String amount) {
        return Money.toMicros(new BigDecimal(amount));
    }

    /** 600 USD of rice, MFN 20 %, preferential 0 %. */
    private static RecordSums rice(boolean claims) {
        return RecordSums.ofQuotaRecord(usd("600"), 20, 0, claims, List.of(), null, null);
    }

    @Test
    void aClaimGrantedFortyPercentPaysThePreferentialRateOnFortyPercent() {
        WindowSums s = rice(true).asBeneficiary(QuotaShare.claim(120_000, 300_000, 20));
        assertEquals(1, s.records);
        assertEquals(usd("600"), s.valueBeneficiary);
        assertEquals(usd("600"), s.eligibleValue, "the whole record is eligible");
        assertEquals(usd("240"), s.preferentialValue, "only f × value counts as preferential");
        assertEquals(usd("120"), s.dutyAtMfn);
        assertEquals(usd("72"), s.dutyStatutory, "0 % of 240 + 20 % of 360");
        assertEquals(usd("72"), s.dutyAtScenarioRate, "a claim keeps its own fraction in the estimate");
        assertEquals(usd("48"), s.revenueForgone());
    }

    @Test
    void aNamedOutOfQuotaRateAppliesAboveTheQuota() {
        // Pakistan–Sri Lanka tea style: 0 % inside, 10 % above; MFN 20 %.
        WindowSums s = rice(true).asBeneficiary(QuotaShare.claim(120_000, 300_000, 10));
        assertEquals(usd("36"), s.dutyStatutory, "0 % of 240 + 10 % of 360");
    }

    @Test
    void aPendingClaimCountsAtZeroAndAFullGrantAsWithoutQuota() {
        WindowSums pending = rice(true).asBeneficiary(QuotaShare.pending(20));
        assertEquals(0, pending.preferentialValue);
        assertEquals(usd("120"), pending.dutyStatutory);
        assertEquals(usd("120"), pending.dutyAtScenarioRate);

        WindowSums full = rice(true).asBeneficiary(QuotaShare.claim(300_000, 300_000, 20));
        assertEquals(rice(true).asBeneficiary(), full, "f = 1 is the record without a quota");
    }

    @Test
    void aRecordThatDidNotClaimPaysMfnAndTakesItsDaysFractionInTheEstimate() {
        WindowSums s = rice(false).asBeneficiary(QuotaShare.notClaimed(200, 500, 20));
        assertEquals(0, s.preferentialValue);
        assertEquals(usd("120"), s.dutyStatutory);
        assertEquals(usd("72"), s.dutyAtScenarioRate, "0 % of 40 % + 20 % of 60 %");
    }

    @Test
    void whatTheAllocationAddsIsTheSplitMinusThePending() {
        WindowSums added = rice(true).asBeneficiary(QuotaShare.claim(120_000, 300_000, 20));
        added.subtract(rice(true).asBeneficiary(QuotaShare.pending(20)));
        assertEquals(0, added.records, "the record was counted when it was pending");
        assertEquals(0, added.valueBeneficiary);
        assertEquals(usd("240"), added.preferentialValue);
        assertEquals(usd("-48"), added.dutyStatutory);
    }

    @Test
    void onlyAnEligibleRecordIsSplit() {
        RecordSums noConcession = RecordSums.ofQuotaRecord(usd("600"), 20, Double.NaN, true, List.of(), null, null);
        assertThrows(IllegalArgumentException.class, () -> noConcession.asBeneficiary(QuotaShare.pending(20)));
    }
}
