package org.edtriage.ecg.vendorxml;

import org.edtriage.ecg.Ecg;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutation fuzzing of a vendor document reader (GE MUSE, Philips): each mutated document must read or be refused with
 * the reader's {@link VendorFormatException} — never another exception, a hang or an allocation beyond the bounds.
 * Seeded, so the counts are fixed for the code under test.
 */
public final class DocumentFuzz {
    private DocumentFuzz() {
    }

    /** A reader under test: bytes and a name in, an ECG out, or a {@link VendorFormatException}. */
    public interface Reader {
        Ecg read(byte[] document, String name);
    }

    /** How many mutations read and how many were refused, by the check that refused them. */
    public record Counts(int rounds, int read, int refused, Map<String, Integer> byCheck) {
    }

    /**
     * @param onRead   what must hold for a mutation that still reads (e.g. the samples a CRC guards are the original's)
     * @param mutation one edit of the seed ({@link #mutate} or a format-aware one)
     */
    public static Counts fuzz(String what, Reader reader, byte[] seed, int rounds, long seedValue,
                              BiFunction<byte[], Random, byte[]> mutation, Consumer<Ecg> onRead) {
        reader.read(seed, "seed");
        Random random = new Random(seedValue);
        int read = 0, refused = 0;
        Map<String, Integer> byCheck = new TreeMap<>();
        for (int i = 0; i < rounds; i++) {
            byte[] doc = mutation.apply(seed, random);
            try {
                onRead.accept(reader.read(doc, "fuzz-" + i));
                read++;
            } catch (VendorFormatException expected) {
                refused++;
                byCheck.merge(expected.check(), 1, Integer::sum);
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                fail(what + ", round " + i + " (" + doc.length + " bytes) threw " + e, e);
            }
        }
        assertEquals(rounds, read + refused);
        System.out.printf("%s (seed %d): %d documents, %d read, %d refused by name %s%n", what, seedValue, rounds, read, refused, byCheck);
        return new Counts(rounds, read, refused, byCheck);
    }

    /** One edit: a byte set to a random value (half the time), a truncation, or a deleted range of up to 2 kB. */
    public static byte[] mutate(byte[] seed, Random random) {
        int at = random.nextInt(seed.length);
        switch (random.nextInt(4)) {
            case 0, 1 -> {
                byte[] doc = seed.clone();
                doc[at] = (byte) random.nextInt(256);
                return doc;
            }
            case 2 -> {
                return Arrays.copyOf(seed, at);
            }
            default -> {
                int end = Math.min(seed.length, at + 1 + random.nextInt(2048));
                byte[] shorter = new byte[seed.length - (end - at)];
                System.arraycopy(seed, 0, shorter, 0, at);
                System.arraycopy(seed, end, shorter, at, seed.length - end);
                return shorter;
            }
        }
    }
}
