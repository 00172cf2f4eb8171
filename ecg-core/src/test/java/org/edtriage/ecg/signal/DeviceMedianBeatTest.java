package org.edtriage.ecg.signal;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.LeadName;
import org.edtriage.ecg.SharedData;
import org.edtriage.ecg.dicom.DicomEcgReader;
import org.edtriage.ecg.muse.MuseReader;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our median beat ({@link MedianBeat}, what the models see beside the rhythm) against the median beat two real devices
 * computed from the same recording and stored beside it: a GE MUSE export and a Mortara ELI 250 DICOM object. The
 * vendors' algorithms are their own (beat selection, alignment, filtering), so the two beats agree in shape, not sample
 * for sample. Compared over our window (250 ms before the QRS's steepest point to 550 ms after), the device's beat
 * shifted to where it matches best; the constant offset between them (their baselines differ: ours is each beat's PR
 * segment) is reported and removed before the residual.
 */
class DeviceMedianBeatTest {

    /** Shape: every lead correlates at least this well. The residual: below half of the 0.1 mV ST criterion of an AMI. */
    private static final double MIN_CORRELATION = 0.95;
    private static final double MAX_RESIDUAL_UV = 50;

    @Test
    void ourMedianBeatMatchesTheMuseExportsOwn() throws Exception {
        Ecg ecg = new MuseReader().read(Files.readAllBytes(SharedData.require("vendor-xml/ge-muse/muse_ecg1.xml")), "muse_ecg1.xml");
        assertAgrees(ecg);
    }

    @Test
    void ourMedianBeatMatchesTheMortaraCartsOwn() throws Exception {
        byte[] file;
        try (InputStream in = DeviceMedianBeatTest.class.getResourceAsStream("/dicom/waveform_ecg.dcm")) {
            file = in.readAllBytes();
        }
        assertAgrees(new DicomEcgReader(ZoneOffset.UTC).read(file, "waveform_ecg.dcm"));
    }

    private static void assertAgrees(Ecg ecg) {
        Ecg device = ecg.deviceMedianBeat();
        assertNotNull(device, ecg.recordName() + " stores its own median beat");
        assertEquals(ecg.samplingRateHz(), device.samplingRateHz(), "same rate");
        double fs = ecg.samplingRateHz();
        int before = (int) Math.round(0.25 * fs), after = (int) Math.round(0.55 * fs), w = before + after;
        float[][] rhythm = new float[12][], stored = new float[12][];
        for (int l = 0; l < 12; l++) {
            String name = LeadName.STANDARD_12.get(l);
            rhythm[l] = ecg.lead(name).orElseThrow().millivolts();
            stored[l] = device.lead(name).orElseThrow().millivolts();
        }
        MedianBeat ours = MedianBeat.of(rhythm, fs, before, after);
        assertTrue(ours.beats() >= 5, "beats in the median: " + ours.beats());
        int shift = bestShift(ours.leads(), stored, w);
        double worstR = 1, worstResidual = 0;
        StringBuilder table = new StringBuilder(String.format("%s: our median of %d beats vs the device's (%d samples at %.0f Hz), its window from sample %d%n",
                ecg.recordName(), ours.beats(), device.samplesPerLead(), fs, shift));
        for (int l = 0; l < 12; l++) {
            float[] a = ours.leads()[l];
            double offset = 0;
            for (int i = 0; i < w; i++) {
                offset += a[i] - stored[l][shift + i];
            }
            offset /= w;
            double ss = 0;
            for (int i = 0; i < w; i++) {
                double d = a[i] - stored[l][shift + i] - offset;
                ss += d * d;
            }
            double r = correlation(a, stored[l], shift, w), residualUv = 1000 * Math.sqrt(ss / w);
            worstR = Math.min(worstR, r);
            worstResidual = Math.max(worstResidual, residualUv);
            table.append(String.format("  %-4s r %.4f  offset %6.1f uV  residual %5.1f uV%n", LeadName.STANDARD_12.get(l), r, 1000 * offset, residualUv));
        }
        System.out.print(table);
        assertTrue(worstR >= MIN_CORRELATION, "shape differs:\n" + table);
        assertTrue(worstResidual <= MAX_RESIDUAL_UV, "residual too large:\n" + table);
    }

    /** Where in the device's beat our window fits best: the largest correlation summed over the leads. */
    private static int bestShift(float[][] ours, float[][] stored, int w) {
        int best = -1;
        double bestSum = Double.NEGATIVE_INFINITY;
        for (int k = 0; k + w <= stored[0].length; k++) {
            double sum = 0;
            for (int l = 0; l < ours.length; l++) {
                sum += correlation(ours[l], stored[l], k, w);
            }
            if (sum > bestSum) {
                bestSum = sum;
                best = k;
            }
        }
        assertTrue(best >= 0, "the device's beat (" + stored[0].length + " samples) is shorter than our window (" + w + ")");
        return best;
    }

    private static double correlation(float[] a, float[] b, int from, int w) {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (int i = 0; i < w; i++) {
            double x = a[i], y = b[from + i];
            sa += x;
            sb += y;
            saa += x * x;
            sbb += y * y;
            sab += x * y;
        }
        double cov = sab - sa * sb / w, va = saa - sa * sa / w, vb = sbb - sb * sb / w;
        return va <= 0 || vb <= 0 ? 0 : cov / Math.sqrt(va * vb);
    }
}
