package org.edtriage.ecg.hl7;

import org.edtriage.ecg.Sex;
import org.edtriage.ecg.simulate.MinimalEcgGenerator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutation fuzzing of the HL7 mappers: random edits of valid ORU^R01 and ADT messages must map or be
 * refused with {@link Hl7Rejection} (which the MLLP handler turns into AE/AR) — never anything else.
 */
class Hl7FuzzTest {
    private static final String[] TOKENS = {"|", "^", "~", "\\", "&", "\r", "\n", "MSH|", "OBX|", "PID|", "DG1|", "NA", "NM",
            "ED", "-", "99999999999", "0", "", "MDC_ATTR_SAMP_RATE", "RESOLUTION", "V1", "20261301", "2026112225", "+2500", "ÿ"};

    @Test
    void mutatedMessagesMapOrAreRefusedWithAnHl7Reason() {
        var ecg = new MinimalEcgGenerator(4).generate("fz", Instant.parse("2026-11-22T08:00:00Z"), 1, 70, 0, 60, Sex.MALE);
        var who = new PatientIdentity("1@H", "V1", LocalDate.of(1970, 1, 1), Sex.MALE, "H");
        OruMapper oru = new OruMapper(ZoneOffset.UTC);
        AdtMapper adt = new AdtMapper(ZoneOffset.UTC);
        fuzz(OruWriter.write(ecg, OruShape.PCD01, "F1", who, ZoneOffset.UTC), oru::read, 3000, 1);
        fuzz(OruWriter.write(ecg, OruShape.PLAIN, "F2", who, ZoneOffset.UTC), oru::read, 3000, 2);
        fuzz(AdtMapperTest.registration("A04", "R07.4^Chest pain^I10"), adt::visit, 3000, 3);
        fuzz(AdtMapperTest.discharge("A03", "DG1|1||I21.4^NSTEMI^I10||20261122110000\r"), adt::outcome, 3000, 4);
    }

    private static void fuzz(String seed, Consumer<String> mapper, int rounds, long seedValue) {
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
