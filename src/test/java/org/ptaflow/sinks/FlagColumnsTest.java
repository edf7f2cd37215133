package org.ptaflow.sinks;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.junit.jupiter.api.Test;
import org.ptaflow.flags.Flag;
import org.ptaflow.flags.MonthImports;
import org.ptaflow.flags.OriginImport;

/** The columns of {@code flags.csv}: the contract's header, empty fields where a flag has none, the same JSON names. */
class FlagColumnsTest {

    private static Flag consignment() {
        Flag f = new Flag();
        f.scenario = "pk-az";
        f.declarationId = "PK-2024-0001";
        f.itemNo = 3;
        f.registeredAt = Instant.parse("2024-05-03T08:00:00Z").toEpochMilli();
        f.importer = "PAK";
        f.origin = "AZE";
        f.consignment = "ARE";
        f.hsCode = "1006301000";
        f.valueMicros = 12_500_250_000L;
        f.rule = Flag.CONSIGNMENT;
        f.detail = "claimed PK-AZ-PTA for origin AZE consigned from ARE";
        return f;
    }

    private static Flag partnerShift() {
        Flag f = new Flag();
        f.scenario = "pk-az";
        f.registeredAt = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
        f.importer = "PAK";
        f.origin = "AZE";
        f.hsCode = "100630";
        f.valueMicros = 750_000_000L;
        f.rule = Flag.PARTNER_SHIFT;
        f.detail = "AZE share 0.75 against its average 0.5 over 3 months (jump 0.25 > 0.2); "
                + "CHN 0.25 below its average 0.5";
        return f;
    }

    @Test
    void theHeaderIsTheContracts() {
        assertEquals("scenario,declaration_id,item_no,registered_at,importer,origin,consignment,hs_code,value_usd,"
                + "rule,detail", FlagColumns.header());
    }

    @Test
    void aConsignmentFlagWritesItsRecordAndAPartnerShiftLeavesDeclarationItemAndConsignmentEmpty() {
        assertArrayEquals(new Object[] {"pk-az", "PK-2024-0001", "3", "2024-05-03T08:00:00Z", "PAK", "AZE", "ARE",
                "1006301000", "12500.25", "consignment", "claimed PK-AZ-PTA for origin AZE consigned from ARE"},
                FlagColumns.values(consignment()));
        assertArrayEquals(new Object[] {"pk-az", "", "", "2024-05-01T00:00:00Z", "PAK", "AZE", "", "100630", "750",
                "partner_shift", partnerShift().detail}, FlagColumns.values(partnerShift()));
    }

    @Test
    void aDetailWithACommaIsQuotedByTheCsvWriter() throws Exception {
        Flag f = partnerShift();
        f.detail = "CHN 0.25, IND 0.1";
        CsvSchema.Builder schema = CsvSchema.builder();
        FlagColumns.names().forEach(schema::addColumn);
        StringWriter out = new StringWriter();
        new CsvMapper().writer(schema.build().withoutHeader()).writeValues(out).write(FlagColumns.values(f)).close();
        assertEquals("pk-az,,,2024-05-01T00:00:00Z,PAK,AZE,,100630,750,partner_shift,\"CHN 0.25, IND 0.1\"\n",
                out.toString());
    }

    @Test
    void theJsonHasTheCsvNamesWithNullsWhereTheCsvIsEmpty() throws Exception {
        // Written as OutputJson writes the topics: decimals plain (750, not 7.5E+2).
        ObjectMapper json = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
        assertEquals("{\"scenario\":\"pk-az\",\"declaration_id\":null,\"item_no\":null,"
                + "\"registered_at\":\"2024-05-01T00:00:00Z\",\"importer\":\"PAK\",\"origin\":\"AZE\","
                + "\"consignment\":null,\"hs_code\":\"100630\",\"value_usd\":750,\"rule\":\"partner_shift\","
                + "\"detail\":\"" + partnerShift().detail + "\"}",
                json.writeValueAsString(FlagColumns.json(partnerShift(), json.createObjectNode())));
        assertEquals(12500.25, FlagColumns.json(consignment(), json.createObjectNode()).get("value_usd").doubleValue());
    }

    @Test
    void theFlagTypesAreFlinkPojos() {
        assertSerializedAsPojoWithoutKryo(Flag.class);
        assertSerializedAsPojoWithoutKryo(OriginImport.class);
        assertSerializedAsPojoWithoutKryo(MonthImports.class);
    }
}
