package org.ptaflow.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * A record's key hash, folded from its declaration's hash and its item's digits, is the hash of the key's string
 * ({@code declarationId + '#' + itemNo}), whatever the declaration's characters and the item's size.
 */
class CustomsRecordKeyHashTest {

    private static void check(String declaration, long item) {
        CustomsRecord r = new CustomsRecord();
        r.declarationId = declaration;
        r.itemNo = item;
        String key = declaration + '#' + item;
        assertEquals(key.hashCode(), r.keyHash(), key);
        r.key(); // made: the string's own hash
        assertEquals(key.hashCode(), r.keyHash(), key);
    }

    @Test
    void theKeyHashIsTheKeyStringsHash() {
        List<String> declarations = List.of("", "D1", "PK-2024-0001234", "Ä", "\uD800", "日本-1", "x".repeat(300),
                "Aa", "BB");
        long[] items = {0, 1, 9, 10, 11, 99, 100, 101, 999_999, 1_000_000, 922_337_203_685_477_580L,
            Long.MAX_VALUE - 1, Long.MAX_VALUE, -1, -10, Long.MIN_VALUE};
        for (String declaration : declarations) {
            for (long item : items) {
                check(declaration, item);
            }
        }
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder d = new StringBuilder();
            for (int c = random.nextInt(20); c > 0; c--) {
                d.append((char) (random.nextInt(10) == 0 ? random.nextInt(0x10000) : 32 + random.nextInt(95)));
            }
            long item = switch (random.nextInt(3)) {
                case 0 -> random.nextInt(100);
                case 1 -> random.nextLong() & Long.MAX_VALUE;
                default -> random.nextLong();
            };
            check(d.toString(), item);
        }
    }

    @Test
    void aRecordWithoutADeclarationHashesItsKeyAsItsStringDoes() {
        CustomsRecord r = new CustomsRecord();
        r.itemNo = 3;
        assertEquals("null#3".hashCode(), r.keyHash());
    }
}
