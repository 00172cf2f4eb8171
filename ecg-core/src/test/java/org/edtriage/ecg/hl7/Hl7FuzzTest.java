package org.edtriage.ecg.hl7;

import org.edtriage.ecg.Sex;
import org.edtriage.ecg.simulate.EcgSynthesizer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.opentest4j.AssertionFailedError;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutation fuzzing of the HL7 mappers: random edits of valid ORU^R01 and ADT messages must map or be
 * refused with {@link Hl7Rejection} (which the MLLP handler turns into AE/AR) — never anything else.
 */
class Hl7FuzzTest {
    private static final String[] TOKENS = {"|", "^", "~", "\\", "&", "\r", "\n", "MSH|", "OBX|", "PID|", "DG1|", "NA", "NM",
            "ED", "-", "99999999999", "0", "", "MDC_ATTR_SAMP_RATE", "RESOLUTION", "V1", "20261301", "2026112225", "+2500", "ÿ"};

    /**
     * Seeded, so the counts are fixed for this code: a mapper that refused everything, or mapped garbage it
     * should refuse, moves them. The minimum accepted share is well below what the mutations leave intact
     * (single-character edits of sample values or free text keep 20–45 % of messages valid).
     */
    @Test
    void mutatedMessagesMapOrAreRefusedWithAnHl7Reason() {
        var ecg = EcgSynthesizer.example("fz", Instant.parse("2026-11-22T08:00:00Z"), 1, 70, 0, 60, Sex.MALE, 4);
        var who = new PatientIdentity("1@H", "V1", LocalDate.of(1970, 1, 1), Sex.MALE, "H");
        OruMapper oru = new OruMapper(ZoneOffset.UTC);
        AdtMapper adt = new AdtMapper(ZoneOffset.UTC);
        String pcd01 = OruWriter.write(ecg, OruShape.PCD01, "F1", who, ZoneOffset.UTC);
        oru.read(pcd01); // the unmutated seeds map
        adt.visit(AdtMapperTest.registration("A04", "R07.4^Chest pain^I10"));
        assertMostlyBoth(fuzz(OruWriter.write(ecg, OruShape.PCD01, "F1", who, ZoneOffset.UTC), oru::read, 3000, 1));
        assertMostlyBoth(fuzz(OruWriter.write(ecg, OruShape.PLAIN, "F2", who, ZoneOffset.UTC), oru::read, 3000, 2));
        assertMostlyBoth(fuzz(AdtMapperTest.registration("A04", "R07.4^Chest pain^I10"), adt::visit, 3000, 3));
        assertMostlyBoth(fuzz(AdtMapperTest.discharge("A03", "DG1|1||I21.4^NSTEMI^I10||20261122110000\r"), adt::outcome, 3000, 4));
    }

    @Test
    void theFuzzCheckItselfFailsForAMapperThatRefusesEverything() {
        Counts counts = fuzz(AdtMapperTest.registration("A04", "R07.4^Chest pain^I10"), m -> {
            throw new Hl7Rejection(Hl7Rejection.Code.DATA_TYPE_ERROR, "refuses all");
        }, 200, 5);
        assertEquals(0, counts.accepted());
        assertThrows(AssertionFailedError.class, () -> assertMostlyBoth(counts));
    }

    private static void assertMostlyBoth(Counts c) {
        assertTrue(c.accepted() >= c.rounds() / 10, "valid mutations must still map: " + c);
        assertTrue(c.refused() >= c.rounds() / 10, "broken mutations must be refused: " + c);
    }

    record Counts(int rounds, int accepted, int refused) {
    }

    /** Maps {@code rounds} mutations of {@code seed} and counts what happened. */
    private static Counts fuzz(String seed, Consumer<String> mapper, int rounds, long seedValue) {
        Random random = new Random(seedValue);
        int accepted = 0, refused = 0;
        for (int i = 0; i < rounds; i++) {
            String message = mutate(seed, random);
            try {
                mapper.accept(message);
                accepted++;
            } catch (Hl7Rejection expected) {
                refused++;
            } catch (RuntimeException | StackOverflowError e) {
                fail("round " + i + " threw " + e + " for:\n" + message.replace('\r', '\n').substring(0, Math.min(600, message.length())), e);
            }
        }
        System.out.printf("HL7 fuzz (seed %d): %d messages, %d mapped, %d refused with an HL7 reason%n", seedValue, rounds, accepted, refused);
        return new Counts(rounds, accepted, refused);
    }

    private static String mutate(String text, Random random) {
        StringBuilder s = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            // bias edits towards the non-sample part, where the structure lives
            int limit = Math.min(s.length(), random.nextInt(4) == 0 ? s.length() : 600);
            int at = random.nextInt(Math.max(1, limit));
            switch (random.nextInt(3)) {
                case 0 -> { if (s.length() > 0) s.deleteCharAt(at); }
                case 1 -> s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                default -> { if (s.length() > 0) s.setCharAt(at, (char) (32 + random.nextInt(95))); }
            }
        }
        return s.toString();
    }
}
