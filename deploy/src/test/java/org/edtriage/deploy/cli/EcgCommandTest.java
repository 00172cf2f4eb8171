package org.edtriage.deploy.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EcgCommandTest {

    @Test
    void documentsAreReadAsIngestReadsThemOneLineEach(@TempDir Path dir) throws Exception {
        Path notAnEcg = Files.writeString(dir.resolve("notes.xml"), "<shopping/>");
        List<Path> files = new ArrayList<>(List.of(notAnEcg));
        Path shared = Path.of(System.getProperty("triage.shared.data", "../../shared/data"));
        Path muse = shared.resolve("vendor-xml/ge-muse/muse_ecg1.xml");
        Path aecg = shared.resolve("aecg/HL7_2003-12_Example_aECG.xml");
        Path philips = shared.resolve("vendor-xml/philips/2020-5-18_15-48-11.xml");
        boolean real = Files.exists(muse) && Files.exists(aecg) && Files.exists(philips);
        if (real) {
            files.add(0, muse);
            files.add(1, aecg);
            files.add(2, philips);
        } else {
            System.out.println("SKIPPED EcgCommandTest (the real MUSE and aECG files): shared data not present at " + shared);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int failed = EcgCommand.checkDocuments(files, new PrintStream(out, true, StandardCharsets.UTF_8));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, failed, String.join("\n", lines));
        assertEquals(files.size(), lines.size());
        assertTrue(lines.get(lines.size() - 1).startsWith("FAIL notes.xml format: "), lines.get(lines.size() - 1));
        if (real) {
            assertEquals("OK muse_ecg1.xml GE_MUSE 12 500 5000", lines.get(0));
            assertTrue(lines.get(1).startsWith("OK HL7_2003-12_Example_aECG.xml HL7_AECG "), lines.get(1));
            assertEquals("OK 2020-5-18_15-48-11.xml PHILIPS_XML 12 500 5300", lines.get(2), "10.6 s after the calibration mark");
        }
    }
}
