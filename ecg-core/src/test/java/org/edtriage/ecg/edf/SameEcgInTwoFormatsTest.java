package org.edtriage.ecg.edf;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.SharedData;
import org.edtriage.ecg.documents.EcgDocuments;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One ECG exported in two formats by software that is not ours: HL7's 2003 example aECG (the FDA's copy, CC0, read in
 * place from the shared data) and the EDF+ that BioSig's {@code save2gdf} (Debian {@code biosig-tools}, GPL; not
 * linked, run as a program) writes from it. Our aECG and EDF readers must give the same leads, rate, length, start and
 * millivolts within the EDF's quantisation: BioSig scales each lead's range to 16 bits (0.01–0.04 µV per step here, the
 * aECG's own step being 2.5 µV) — measured: up to 1.5 of its steps apart, as BioSig's conversion to digital units and
 * our reader's rounding of a baseline that falls between two digital values each cost up to a step — so two EDF steps
 * bound the difference, under a twenty-fifth of the aECG's step. Skipped by name without the shared data or without {@code save2gdf}.
 */
class SameEcgInTwoFormatsTest {

    @Test
    void hl7AecgAndTheEdfBioSigWritesFromItAreTheSameEcg(@TempDir Path dir) throws Exception {
        Path aecg = SharedData.require("aecg/HL7_2003-12_Example_aECG.xml");
        String save2gdf = onPath("save2gdf");
        Path edf = dir.resolve("example.edf");
        Process p = new ProcessBuilder(save2gdf, "-f=EDF", aecg.toString(), edf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("save2gdf.log").toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "save2gdf did not finish");
        assertEquals(0, p.exitValue(), () -> "save2gdf failed: " + read(dir.resolve("save2gdf.log")));

        EcgDocuments documents = new EcgDocuments(ZoneOffset.UTC);
        byte[] edfBytes = Files.readAllBytes(edf);
        assertEquals(EcgDocuments.Kind.EDF, EcgDocuments.kind(edfBytes));
        Ecg fromAecg = documents.read(Files.readAllBytes(aecg), "aecg");
        Ecg fromEdf = documents.read(edfBytes, "edf");

        assertEquals(fromAecg.leadNames(), fromEdf.leadNames());
        assertEquals(fromAecg.samplingRateHz(), fromEdf.samplingRateHz(), 1e-9);
        assertEquals(fromAecg.samplesPerLead(), fromEdf.samplesPerLead());
        // EDF keeps whole seconds; BioSig prints 09:10:00 from a float as 09.09.59
        assertTrue(Duration.between(fromEdf.acquiredAt(), fromAecg.acquiredAt()).abs().compareTo(Duration.ofSeconds(1)) <= 0,
                fromAecg.acquiredAt() + " vs " + fromEdf.acquiredAt());
        double worst = 0, worstInSteps = 0;
        for (Lead a : fromAecg.leads()) {
            Lead e = fromEdf.lead(a.name()).orElseThrow();
            double step = 1 / e.gainPerMv(), lead = 0;
            assertTrue(step < 0.0025 / 50, a.name() + ": an EDF step of " + step + " mV");
            for (int i = 0; i < a.length(); i++) {
                lead = Math.max(lead, Math.abs(a.millivolts(i) - e.millivolts(i)));
            }
            assertTrue(lead <= 2 * step, a.name() + ": " + lead + " mV apart, one EDF step is " + step);
            worst = Math.max(worst, lead);
            worstInSteps = Math.max(worstInSteps, lead / step);
        }
        System.out.printf("aECG vs BioSig's EDF of the same ECG: %d leads × %d samples, at most %.4f µV (%.2f EDF steps) apart;"
                + " the aECG's step is 2.5 µV%n", fromAecg.leads().size(), fromAecg.samplesPerLead(), worst * 1000, worstInSteps);
    }

    /** The program's path, or the test skipped, by name, when it is not installed. */
    private static String onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        System.out.println("SKIPPED SameEcgInTwoFormatsTest: " + program + " not installed (Debian: apt-get install biosig-tools)");
        Assumptions.abort(program + " not installed (test skipped)");
        return null;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }
}
