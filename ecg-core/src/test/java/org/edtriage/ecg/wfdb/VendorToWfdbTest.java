package org.edtriage.ecg.wfdb;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.muse.MuseReader;
import org.edtriage.ecg.philips.PhilipsReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The vendors' lossless formats (integer samples) written as WFDB format 16 and read back: sample for sample the same. */
class VendorToWfdbTest {
    private static final Path SHARED = Path.of(System.getProperty("triage.shared.data", "../../shared/data"));

    @Test
    void aGeMuseExportRoundTripsThroughWfdbSampleExact() throws Exception {
        Path muse = SHARED.resolve("vendor-xml/ge-muse/muse_ecg1.xml");
        skipWithout(muse, "aGeMuseExportRoundTripsThroughWfdbSampleExact");
        roundTrip(new MuseReader().read(muse));
    }

    @Test
    void aPhilipsExportRoundTripsThroughWfdbSampleExact() throws Exception {
        Path philips = SHARED.resolve("vendor-xml/philips/2020-5-18_15-48-11.xml");
        skipWithout(philips, "aPhilipsExportRoundTripsThroughWfdbSampleExact");
        roundTrip(new PhilipsReader().read(philips));
    }

    private static void roundTrip(Ecg ecg) {
        WfdbWriter.WfdbFiles files = WfdbWriter.format16(ecg);
        Ecg back = WfdbReader.read(files.header(), files.data());
        assertEquals(ecg.leads().size(), back.leads().size());
        assertEquals(ecg.samplingRateHz(), back.samplingRateHz(), 0);
        for (int i = 0; i < ecg.leads().size(); i++) {
            Lead a = ecg.leads().get(i), b = back.leads().get(i);
            assertEquals(a.name(), b.name());
            assertArrayEquals(a.samples(), b.samples(), a.name());
            // the header writes the gain as text: equal to the header's printed precision, far below one sample's µV
            assertEquals(a.gainPerMv(), b.gainPerMv(), 1e-6 * a.gainPerMv(), a.name());
        }
    }

    private static void skipWithout(Path file, String test) {
        if (!Files.exists(file)) {
            System.out.println("SKIPPED VendorToWfdbTest." + test + ": shared data not present at " + file);
        }
        Assumptions.assumeTrue(Files.exists(file), "shared data not present: " + file + " (test skipped)");
    }
}
