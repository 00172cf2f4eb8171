package org.edtriage.ecg.wfdb;

import org.edtriage.ecg.Sex;
import org.edtriage.ecg.simulate.EcgSynthesizer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.opentest4j.AssertionFailedError;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutation fuzzing of the WFDB reader: headers and data files with random edits must either read or
 * be refused with {@link WfdbFormatException} — never another exception, a hang, or an allocation
 * that the data cannot back. Seeded, so a failure reproduces.
 */
class WfdbFuzzTest {
    private static final String[] TOKENS = {" ", "\n", "#", "/", "(", ")", ":", "+", "x", "-1", "0", "999999999999",
            "2147483648", "-2147483649", "NaN", "1e309", "212", "310", "8", "16x0", "16:-3", "16+99999999", "~", "mV", "uV", "°C"};

    /**
     * Seeded, so the counts are fixed for this code: a reader that refused everything, or read what it should
     * refuse, moves them. About 5 % of mutations leave a readable record (an edit in a comment, a changed
     * checksum-neutral field); the bounds are far from both ends.
     */
    @Test
    void mutatedRecordsReadOrAreRefusedClearly() {
        assertReadsSomeAndRefusesMost(fuzz(WfdbReader::read, 20_000, 12345));
    }

    private static void assertReadsSomeAndRefusesMost(Counts c) {
        assertTrue(c.accepted() >= c.rounds() / 50, "valid mutations must still read: " + c);
        assertTrue(c.refused() >= c.rounds() / 2, "broken mutations must be refused: " + c);
    }

    /**
     * The FLAC decoder under bit flips and truncations of a real format-516 stream (shared data): a damaged frame must be
     * refused by name (its CRC, a reserved code, a length), never another exception, a hang or a huge allocation.
     */
    @Test
    void mutatedFlacStreamsReadOrAreRefusedClearly() throws Exception {
        byte[] flac = java.nio.file.Files.readAllBytes(org.edtriage.ecg.SharedData.require("wfdb-samples/flacformats.d1"));
        byte[] header = "fz 1 200 499\nfz.dat 516 200/mV 16 0 -32766 -750 0 sig 1\n".getBytes(StandardCharsets.US_ASCII);
        WfdbReader.read(header, flac); // the unmutated stream reads, checksum and all
        Random random = new Random(7);
        int accepted = 0, refused = 0, rounds = 3_000;
        for (int i = 0; i < rounds; i++) {
            byte[] data = mutateBytes(flac, random);
            try {
                WfdbReader.read(header, data);
                accepted++;
            } catch (WfdbFormatException expected) {
                refused++;
            } catch (RuntimeException | OutOfMemoryError e) {
                fail("mutation " + i + " threw " + e, e);
            }
        }
        System.out.printf("FLAC fuzz: %d mutated streams, %d read, %d refused with a reason%n", rounds, accepted, refused);
        assertTrue(refused >= rounds * 9 / 10, "a flipped bit is caught by a CRC or the checksum: " + refused + " of " + rounds);
    }

    @Test
    void theFuzzCheckItselfFailsForAReaderThatRefusesEverything() {
        Counts c = fuzz((header, data) -> {
            throw new WfdbFormatException("fz", "header", "refuses all");
        }, 200, 1);
        assertEquals(0, c.accepted());
        assertThrows(AssertionFailedError.class, () -> assertReadsSomeAndRefusesMost(c));
    }

    record Counts(int rounds, int accepted, int refused) {
    }

    interface Reader {
        Object read(byte[] header, byte[] data) throws WfdbFormatException;
    }

    private static Counts fuzz(Reader reader, int rounds, long seedValue) {
        var ecg = EcgSynthesizer.example("fz", Instant.parse("2026-01-01T00:00:00Z"), 2, 70, 0.1, 50, Sex.FEMALE, 3);
        WfdbWriter.WfdbFiles seed = WfdbWriter.format16(ecg);
        Random random = new Random(seedValue);
        int accepted = 0, refused = 0;
        for (int i = 0; i < rounds; i++) {
            String header = mutate(new String(seed.header(), StandardCharsets.US_ASCII), random);
            byte[] data = random.nextInt(4) == 0 ? mutateBytes(seed.data(), random) : seed.data();
            try {
                reader.read(header.getBytes(StandardCharsets.ISO_8859_1), data);
                accepted++;
            } catch (WfdbFormatException expected) {
                refused++;
            } catch (IllegalArgumentException e) {
                // Ecg's own invariants (e.g. an ECG without leads): also a clear refusal
                refused++;
            } catch (RuntimeException | OutOfMemoryError e) {
                fail("input " + i + " threw " + e + " for header:\n" + header, e);
            }
        }
        System.out.printf("WFDB fuzz: %d mutated records, %d read, %d refused with a reason%n", rounds, accepted, refused);
        return new Counts(rounds, accepted, refused);
    }

    private static String mutate(String text, Random random) {
        StringBuilder s = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && s.length() > 0; e++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(4)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
                default -> {
                    // replace one whitespace-separated token
                    List<String> parts = new ArrayList<>(Arrays.asList(s.toString().split(" ", -1)));
                    parts.set(random.nextInt(parts.size()), TOKENS[random.nextInt(TOKENS.length)]);
                    s = new StringBuilder(String.join(" ", parts));
                }
            }
        }
        return s.toString();
    }

    private static byte[] mutateBytes(byte[] data, Random random) {
        byte[] out = random.nextBoolean() ? data.clone() : Arrays.copyOf(data, random.nextInt(data.length + 1));
        for (int i = 0; i < 3 && out.length > 0; i++) {
            out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }
}
