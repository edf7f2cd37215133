package org.ptaflow.sinks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.junit.jupiter.api.Test;
import org.ptaflow.economics.ImpactKey;
import org.ptaflow.economics.ImpactRow;
import org.ptaflow.flags.Flag;
import org.ptaflow.quotas.QuotaStatus;
import org.ptaflow.records.LateRecord;
import org.ptaflow.records.RejectedRecord;
import org.ptaflow.records.RejectionReason;
import org.ptaflow.transit.TransitAlert;
import org.ptaflow.transit.TransitRow;

/**
 * {@link JobOutputSerializer}: every kind of output comes back as Flink's own POJO serializer would give it, and an
 * output is written in a handful of calls, not one per byte. The expected bytes are the POJO serializer's, taken
 * apart from the serializer under test.
 */
class JobOutputSerializerTest {
    private static final SerializerConfigImpl CONFIG = new SerializerConfigImpl();

    @Test
    void everyKindOfOutputRoundTripsAsItsPojoSerializerWritesIt() throws IOException {
        RejectedRecord rejected = new RejectedRecord("records-2024.csv", 17, "pk-az-pta-requests",
                RejectionReason.NO_TAX_BASE, "tax excise of PAK on line 2208300000 is specific", "x".repeat(120));
        LateRecord late = new LateRecord();
        late.scenario = "s";
        late.source = "f.csv";
        late.line = 3;
        late.declarationId = "D-1";
        late.itemNo = 2;
        late.registeredAt = 1_700_000_000_000L;
        late.watermark = 1_700_000_100_000L;
        late.originalText = "D-1,2,…";
        QuotaStatus quota = new QuotaStatus();
        quota.scenario = "s";
        quota.quota = "rice";
        quota.day = 19_800;
        quota.fill = 0.25;
        quota.status = QuotaStatus.OPEN;
        TransitRow transitRow = new TransitRow();
        transitRow.scenario = "s";
        transitRow.officeDeparture = "PKCHB";
        transitRow.movements = 12;
        TransitAlert alert = new TransitAlert();
        alert.movementId = "SIMT-1";
        alert.at = 5;
        Flag flag = new Flag();
        flag.scenario = "s";
        flag.rule = Flag.CONSIGNMENT;
        flag.detail = "consigned from TUR, origin CHN";
        ImpactRow impact = new ImpactRow();
        impact.key = new ImpactKey("s", "PAK", "AZE", "100630");
        impact.windowStart = 1;
        impact.windowEnd = 2;
        impact.tradeCreation = 1.5;
        impact.taxNames = new String[] {"sales_tax", "vat"};
        impact.taxCreditable = new boolean[] {false, true};
        impact.taxRevenueChange = new double[] {-1.25, 0};

        check(JobOutput.of(impact), o -> o.impact, ImpactRow.class);
        check(JobOutput.of(rejected), o -> o.rejected, RejectedRecord.class);
        check(JobOutput.of(late), o -> o.late, LateRecord.class);
        check(JobOutput.of(quota), o -> o.quota, QuotaStatus.class);
        check(JobOutput.of(transitRow), o -> o.transitRow, TransitRow.class);
        check(JobOutput.of(alert), o -> o.transitAlert, TransitAlert.class);
        check(JobOutput.of(flag), o -> o.flag, Flag.class);
    }

    /** The output back, the one member set, its bytes those of the member's POJO serializer, through every path. */
    private static <T> void check(JobOutput output, Function<JobOutput, T> member, Class<T> type) throws IOException {
        TypeSerializer<T> pojo = TypeInformation.of(type).createSerializer(CONFIG);
        byte[] expected = bytes(pojo, member.apply(output));
        JobOutputSerializer serializer = new JobOutputSerializer();
        TypeSerializer<JobOutput> reader = serializer.duplicate();
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(output, out);
        serializer.serialize(output, out); // twice: the block buffer is reused
        DataInputDeserializer in = new DataInputDeserializer(out.getSharedBuffer(), 0, out.length());
        for (int round = 0; round < 2; round++) {
            JobOutput back = reader.deserialize(in);
            List<Object> set = Arrays.asList(back.impact, back.rejected, back.late, back.quota, back.transitRow,
                    back.transitAlert, back.flag);
            assertEquals(1, set.stream().filter(x -> x != null).count(), type.getSimpleName());
            assertArrayEquals(expected, bytes(pojo, member.apply(back)), type.getSimpleName());
            assertArrayEquals(expected, bytes(pojo, member.apply(serializer.copy(back))), type.getSimpleName());
        }
        assertEquals(0, in.available());
        // copy(DataInputView, DataOutputView): the same bytes again
        DataOutputSerializer once = new DataOutputSerializer(64);
        serializer.serialize(output, once);
        DataOutputSerializer copied = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(once.getSharedBuffer(), 0, once.length()), copied);
        assertArrayEquals(once.getCopyOfBuffer(), copied.getCopyOfBuffer());
    }

    private static <T> byte[] bytes(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    /**
     * What the collect sink writes to: a stream whose every call counts. A rejected record with its text takes a few
     * calls (tag, length, block), where Flink's POJO serializer took one per byte of its strings.
     */
    @Test
    void anOutputIsWrittenInAFewCallsNotOnePerByte() throws IOException {
        JobOutput output = JobOutput.of(new RejectedRecord("records.csv", 1, "s", RejectionReason.MALFORMED,
                "bad line", "y".repeat(200)));
        CountingStream block = new CountingStream();
        new JobOutputSerializer().serialize(output, new DataOutputViewStreamWrapper(block));
        CountingStream pojo = new CountingStream();
        TypeInformation.of(RejectedRecord.class).createSerializer(CONFIG)
                .serialize(output.rejected, new DataOutputViewStreamWrapper(pojo));
        assertTrue(block.calls <= 6, block.calls + " calls");
        assertTrue(pojo.calls > 200, "the premise: the POJO serializer writes a byte at a time (" + pojo.calls + ")");
        assertEquals(pojo.bytes.size() + 5, block.bytes.size(), "tag, length, then the POJO serializer's bytes");
    }

    @Test
    void anEmptyOutputIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new JobOutputSerializer().serialize(new JobOutput(), new DataOutputSerializer(8)));
    }

    private static final class CountingStream extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int calls;

        @Override
        public void write(int b) {
            calls++;
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            calls++;
            bytes.write(b, off, len);
        }
    }
}
