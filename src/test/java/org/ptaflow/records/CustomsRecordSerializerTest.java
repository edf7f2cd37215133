package org.ptaflow.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The compact layout gives back every field exactly, whatever the record holds. */
class CustomsRecordSerializerTest {
    private static final String[] CODES = {"PAK", "AZE", "CHN", "USD", "AZN", "kg", "u", "", "PK-AZ-PTA", "KGMS",
        "Ünit", "a\u0000b", "日本", "l", "sales_tax", "vat", "AB\u007f", "x".repeat(300)};
    private static final String[] LINES = {"1006309800", "010121", "0101210000", "39021000", "123456789012345",
        "1234567890123456", "12a456", "", "000000"};

    @Test
    void everyFieldRoundTripsExactly() throws IOException {
        Random random = new Random(20261205);
        CustomsRecordSerializer writer = new CustomsRecordSerializer();
        TypeSerializer<CustomsRecord> reader = writer.duplicate();
        DataOutputSerializer out = new DataOutputSerializer(256);
        String previousDeclaration = null;
        for (int i = 0; i < 20_000; i++) {
            CustomsRecord record = randomRecord(random);
            if (previousDeclaration != null && random.nextBoolean()) {
                // The next line item of the same declaration (a copy: the reader must compare the bytes).
                record.declarationId = new String(previousDeclaration);
            }
            previousDeclaration = record.declarationId;
            out.clear();
            writer.serialize(record, out);
            CustomsRecord back = reader.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
            assertSameFields(record, back);
            // The offset crosses in the text's place, when there is no text (with the text, nobody reads it).
            assertEquals(record.originalText == null ? record.textOffset : 0, back.textOffset);
            CustomsRecord copy = writer.copy(record);
            assertSameFields(record, copy);
            assertEquals(record.textOffset, copy.textOffset, "a copy keeps the offset");
            // The reusing form as well, into a record that held something else.
            CustomsRecord reuse = randomRecord(random);
            if (reuse.hsCode != null && reuse.hsCode.length() >= 6) {
                reuse.hs6(); // its own line's six digits, remembered: they must not outlive the line
            }
            reader.deserialize(reuse, new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
            assertSameFields(record, reuse);
            assertEquals(back.textOffset, reuse.textOffset);
            if (record.hsCode != null && record.hsCode.length() >= 6) {
                assertEquals(record.hsCode.substring(0, 6), reuse.hs6(), record.hsCode);
                assertEquals(record.hsCode.substring(0, 6), back.hs6(), record.hsCode);
            }
        }
    }

    @Test
    void aTypicalRecordWithoutItsTextTakesTheBytesCountedByHandAndSharesItsCodes() throws IOException {
        CustomsRecordSerializer serializer = new CustomsRecordSerializer();
        DataOutputSerializer out = new DataOutputSerializer(256);
        CustomsRecord first = null;
        for (int i = 0; i < 2; i++) {
            CustomsRecord r = typical();
            out.clear();
            serializer.serialize(r, out);
            // declaration 4+10, item 8, time 8, importer/origin 4+4, consignment 1, line 8, procedure 1, value 1+8,
            // currency 4, quantity 1+8, unit 4, preference 4+9, duty 1, taxes 4+4+1+8, source 4+28, line 8,
            // content hash 8, text 4
            assertEquals(157, out.length());
            CustomsRecord back =
                    serializer.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
            assertSameFields(r, back);
            if (first == null) {
                first = back;
            } else {
                assertSame(first.declarationId, back.declarationId, "a declaration's next line item shares its id");
                assertSame(first.importer, back.importer);
                assertSame(first.hsCode, back.hsCode);
                assertSame(first.hs6(), back.hs6(), "the combiners' keys compare the six digits by reference");
                assertSame(first.preference, back.preference);
                assertSame(first.source, back.source);
            }
        }
    }

    /**
     * The writing side remembers the codes and lines it wrote by instance: a record written again, or one whose codes
     * are other instances of the same texts, takes exactly the bytes of a serializer that has seen neither.
     */
    @Test
    void codesWrittenAgainTakeTheSameBytesAsCodesWrittenFirst() throws IOException {
        Random random = new Random(20261206);
        CustomsRecordSerializer warm = new CustomsRecordSerializer();
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (int i = 0; i < 5_000; i++) {
            CustomsRecord record = randomRecord(random);
            out.clear();
            new CustomsRecordSerializer().serialize(record, out);
            byte[] first = out.getCopyOfBuffer();
            out.clear();
            warm.serialize(record, out);
            assertArrayEquals(first, out.getCopyOfBuffer(), "the same instances written again");
            out.clear();
            warm.serialize(withCopiedCodes(record), out);
            assertArrayEquals(first, out.getCopyOfBuffer(), "other instances of the same texts");
        }
    }

    private static CustomsRecord withCopiedCodes(CustomsRecord r) {
        CustomsRecord c = new CustomsRecordSerializer().copy(r);
        c.importer = copyOf(r.importer);
        c.origin = copyOf(r.origin);
        c.consignment = copyOf(r.consignment);
        c.hsCode = copyOf(r.hsCode);
        c.currency = copyOf(r.currency);
        c.unit = copyOf(r.unit);
        c.preference = copyOf(r.preference);
        c.source = copyOf(r.source);
        if (c.collectedTaxes != null) {
            for (int j = 0; j < c.collectedTaxes.length; j++) {
                c.collectedTaxes[j] = copyOf(c.collectedTaxes[j]);
            }
        }
        return c;
    }

    private static String copyOf(String s) {
        return s == null ? null : new String(s.toCharArray());
    }

    @Test
    void everyStreamOfRecordsUsesTheCompactLayout() {
        TypeInformation<CustomsRecord> info = TypeInformation.of(CustomsRecord.class);
        assertTrue(info instanceof CustomsRecordTypeInfo, info.toString());
        assertTrue(info.createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl())
                instanceof CustomsRecordSerializer);
    }

    private static CustomsRecord typical() {
        CustomsRecord r = new CustomsRecord();
        r.declarationId = "SIM-42-123";
        r.itemNo = 2;
        r.registeredAt = 1_704_067_255_590L;
        r.importer = "AZE";
        r.origin = "PAK";
        r.consignment = "PAK";
        r.hsCode = "1006309800";
        r.procedure = Procedure.HOME_USE;
        r.customsValue = new BigDecimal("24887.09");
        r.currency = "AZN";
        r.quantity = new BigDecimal("13815");
        r.unit = "kg";
        r.preference = "PK-AZ-PTA";
        r.collectedTaxes = new String[] {"vat"};
        r.collectedAmounts = new BigDecimal[] {new BigDecimal("5141.44")};
        r.source = "/tmp/ptaflow-bench/sim1m.csv";
        r.line = 3;
        return r;
    }

    private static CustomsRecord randomRecord(Random random) {
        CustomsRecord r = new CustomsRecord();
        r.declarationId = random.nextInt(20) == 0 ? null
                : "D-" + random.nextInt(1_000_000) + (random.nextBoolean() ? "é" : "");
        r.itemNo = random.nextLong();
        r.registeredAt = random.nextLong();
        r.importer = code(random);
        r.origin = code(random);
        r.consignment = random.nextBoolean() ? r.origin : code(random);
        r.hsCode = random.nextInt(10) == 0 ? null : LINES[random.nextInt(LINES.length)];
        r.procedure = random.nextInt(10) == 0 ? null : Procedure.values()[random.nextInt(Procedure.values().length)];
        r.customsValue = decimal(random);
        r.currency = code(random);
        r.quantity = decimal(random);
        r.unit = code(random);
        r.preference = code(random);
        r.dutyCollected = decimal(random);
        if (random.nextBoolean()) {
            int n = random.nextInt(3);
            r.collectedTaxes = new String[n];
            r.collectedAmounts = new BigDecimal[n];
            for (int i = 0; i < n; i++) {
                r.collectedTaxes[i] = code(random);
                r.collectedAmounts[i] = decimal(random);
            }
        }
        r.source = code(random);
        r.line = random.nextLong();
        r.contentHash = random.nextBoolean() ? 0 : random.nextLong();
        r.originalText = random.nextBoolean() ? null : "text,\"quoted\",ü," + random.nextInt();
        r.textOffset = random.nextBoolean() ? 0 : 1 + (random.nextLong() & Long.MAX_VALUE - 1);
        return r;
    }

    private static String code(Random random) {
        return random.nextInt(12) == 0 ? null : CODES[random.nextInt(CODES.length)];
    }

    /** Small and large, positive and negative scales, 18 and 19 digits, zeros with a scale. */
    private static BigDecimal decimal(Random random) {
        switch (random.nextInt(7)) {
            case 0: return null;
            case 1: return BigDecimal.valueOf(random.nextInt(1_000_000), random.nextInt(4));
            case 2: return new BigDecimal(new BigInteger(random.nextInt(120) + 1, random), random.nextInt(300) - 100);
            case 3: return new BigDecimal("999999999999999999").movePointLeft(random.nextInt(20));
            case 4: return new BigDecimal("1000000000000000000").movePointLeft(random.nextInt(20));
            case 5: return BigDecimal.ZERO.setScale(random.nextInt(10));
            default: return BigDecimal.valueOf(random.nextLong(), random.nextInt(130)).negate();
        }
    }

    private static void assertSameFields(CustomsRecord expected, CustomsRecord actual) {
        assertEquals(expected.declarationId, actual.declarationId);
        assertEquals(expected.itemNo, actual.itemNo);
        assertEquals(expected.registeredAt, actual.registeredAt);
        assertEquals(expected.importer, actual.importer);
        assertEquals(expected.origin, actual.origin);
        assertEquals(expected.consignment, actual.consignment);
        assertEquals(expected.hsCode, actual.hsCode);
        assertEquals(expected.procedure, actual.procedure);
        assertDecimal(expected.customsValue, actual.customsValue);
        assertEquals(expected.currency, actual.currency);
        assertDecimal(expected.quantity, actual.quantity);
        assertEquals(expected.unit, actual.unit);
        assertEquals(expected.preference, actual.preference);
        assertDecimal(expected.dutyCollected, actual.dutyCollected);
        assertArrayEquals(expected.collectedTaxes, actual.collectedTaxes);
        if (expected.collectedAmounts == null) {
            assertEquals(null, actual.collectedAmounts);
        } else {
            assertEquals(expected.collectedAmounts.length, actual.collectedAmounts.length);
            for (int i = 0; i < expected.collectedAmounts.length; i++) {
                assertDecimal(expected.collectedAmounts[i], actual.collectedAmounts[i]);
            }
        }
        assertEquals(expected.source, actual.source);
        assertEquals(expected.line, actual.line);
        assertEquals(expected.originalText, actual.originalText);
        assertEquals(expected.contentHash, actual.contentHash);
    }

    /** Equal value and equal scale: 1.5 and 1.50 are different texts in the outputs. */
    private static void assertDecimal(BigDecimal expected, BigDecimal actual) {
        assertEquals(expected, actual);
    }
}
