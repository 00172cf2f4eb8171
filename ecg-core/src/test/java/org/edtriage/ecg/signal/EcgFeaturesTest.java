package org.edtriage.ecg.signal;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.LeadName;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.simulate.EcgSynthesizer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The median beat and its measurements on simulated ECGs whose truth is known. */
class EcgFeaturesTest {
    private static final Instant T = Instant.parse("2026-11-30T08:00:00Z");

    private static float feature(float[] f, String name) {
        return f[EcgFeatures.NAMES.indexOf(name)];
    }

    @Test
    void theNamesAreTwelvePerLeadAndFiveGlobal() {
        assertEquals(12 * 12 + 5, EcgFeatures.size());
        assertEquals("I.st0", EcgFeatures.NAMES.get(0));
        assertEquals("V6.s", EcgFeatures.NAMES.get(143));
        assertEquals(List.of("hrBpm", "prMs", "qrsMs", "qtcMs", "axisDeg"), EcgFeatures.NAMES.subList(144, 149));
    }

    @Test
    void aNormalEcgHasFlatStSegmentsAndPlausibleIntervals() {
        for (long seed = 1; seed <= 5; seed++) {
            Ecg ecg = EcgSynthesizer.example("n" + seed, T, 10, 60 + 5 * seed, 0, 55, seed % 2 == 0 ? Sex.FEMALE : Sex.MALE, seed);
            float[] f = EcgFeatures.of(ecg);
            assertEquals(60 + 5 * seed, feature(f, "hrBpm"), 3, "heart rate of seed " + seed);
            assertTrue(feature(f, "qrsMs") > 60 && feature(f, "qrsMs") < 130, "QRS " + feature(f, "qrsMs"));
            assertTrue(feature(f, "prMs") > 100 && feature(f, "prMs") < 260, "PR " + feature(f, "prMs"));
            assertTrue(feature(f, "qtcMs") > 340 && feature(f, "qtcMs") < 500, "QTc " + feature(f, "qtcMs"));
            for (String lead : List.of("I", "II", "aVF", "V5", "V6")) {
                assertEquals(0, feature(f, lead + ".st60"), 0.08, lead + " ST at J+60 of seed " + seed);
            }
        }
    }

    @Test
    void atSpeedTheNextBeatIsNotTakenForTheTWaveNorThePreviousTForTheP() {
        for (double rate : new double[]{110, 130, 150}) {
            Ecg ecg = EcgSynthesizer.example("fast", T, 10, rate, 0, 55, Sex.MALE, 21);
            float[] f = EcgFeatures.of(ecg);
            assertEquals(rate, feature(f, "hrBpm"), 4, "heart rate");
            double qtc = feature(f, "qtcMs");
            assertTrue(qtc > 340 && qtc < 520, rate + " bpm: QTc " + qtc + " (the RR interval would give ~" + Math.round(Math.sqrt(60 / rate) * 1000) + ")");
            // the T wave of lead II is well below its R wave; the next beat's R is not
            assertTrue(feature(f, "II.t") < 0.6 * feature(f, "II.r"), rate + " bpm: T " + feature(f, "II.t") + " vs R " + feature(f, "II.r"));
        }
    }

    @Test
    void otherRatesAndShortRecordsAreMeasuredOrLeftMissingWithoutFailing() {
        Ecg ecg = EcgSynthesizer.example("r", T, 10, 70, 0, 60, Sex.MALE, 9);
        float[] at500 = EcgFeatures.of(ecg);
        for (double rate : new double[]{100, 1000}) {
            float[][] leads = LeadSet.millivolts(ecg, LeadName.STANDARD_12);
            for (int l = 0; l < 12; l++) {
                leads[l] = Resampler.resample(leads[l], 500, rate);
            }
            float[] f = EcgFeatures.of(leads, rate);
            assertEquals(feature(at500, "hrBpm"), feature(f, "hrBpm"), 2, rate + " Hz heart rate");
            assertEquals(feature(at500, "V2.r"), feature(f, "V2.r"), 0.25, rate + " Hz R amplitude");
        }
        float[][] short3s = LeadSet.millivolts(EcgSynthesizer.example("s", T, 3, 70, 0, 60, Sex.MALE, 9), LeadName.STANDARD_12);
        float[] f = EcgFeatures.of(short3s, 500);
        assertEquals(EcgFeatures.size(), f.length, "a 3 s strip: measured where it can be, NaN elsewhere, never an exception");
        assertEquals(0, MedianBeat.of(new float[12][2], 500, 10, 10).beats(), "two samples: no beat, no exception");
    }

    @Test
    void anAnteriorInjuryCurrentRaisesAnteriorStAgainstTheSameHeartWithout() {
        Ecg without = EcgSynthesizer.example("a", T, 10, 70, 0, 60, Sex.MALE, 11);
        Ecg with = EcgSynthesizer.example("a", T, 10, 70, 0.3, 60, Sex.MALE, 11); // same seed: same heart, same noise
        float[] a = EcgFeatures.of(without), b = EcgFeatures.of(with);
        for (String lead : List.of("V2", "V3")) {
            double raised = feature(b, lead + ".st60") - feature(a, lead + ".st60");
            assertTrue(raised > 0.15, lead + " ST at J+60 raised by " + raised + " mV");
        }
        assertEquals(feature(a, "I.r"), feature(b, "I.r"), 0.05, "the QRS is the same heart's");
    }

    @Test
    void theMedianBeatIsBaselineCorrectedAndIgnoresWanderBetweenBeats() {
        Ecg ecg = EcgSynthesizer.example("w", T, 10, 72, 0, 60, Sex.FEMALE, 3);
        float[][] leads = LeadSet.millivolts(ecg, LeadName.STANDARD_12);
        float[][] wandering = new float[12][];
        for (int l = 0; l < 12; l++) {
            wandering[l] = leads[l].clone();
            for (int i = 0; i < wandering[l].length; i++) {
                wandering[l][i] += (float) (0.5 * Math.sin(2 * Math.PI * 0.3 * i / 500.0) + 0.2); // 1 mV peak to peak, and an offset
            }
        }
        MedianBeat clean = MedianBeat.of(leads, 500, 175, 325), wander = MedianBeat.of(wandering, 500, 175, 325);
        assertTrue(clean.beats() >= 8, "beats " + clean.beats());
        int ii = LeadName.STANDARD_12.indexOf("II");
        int st = 175 + 60; // ~J+60 ms
        assertEquals(clean.leads()[ii][st], wander.leads()[ii][st], 0.06, "ST level of II despite 1 mV of wander");
        assertEquals(0, clean.leads()[ii][175 - 55], 0.05, "the PR segment is at zero");
    }

    @Test
    void aFlatRecordingHasNoBeatsAndEveryMeasurementMissing() {
        List<Lead> leads = new ArrayList<>();
        for (String name : LeadName.STANDARD_12) {
            leads.add(new Lead(name, new int[5000], 1000, 0));
        }
        Ecg flat = new Ecg("flat", 500, leads, T, 60, Sex.MALE);
        assertEquals(0, MedianBeat.of(LeadSet.millivolts(flat, LeadName.STANDARD_12), 500, 125, 275).beats());
        float[] f = EcgFeatures.of(flat);
        for (float v : f) {
            assertTrue(Float.isNaN(v));
        }
    }

    @Test
    void aBeatContractAppendsTheMedianBeatAndAFeatureContractGivesOneRow() {
        Ecg ecg = EcgSynthesizer.example("c", T, 10, 70, 0, 60, Sex.MALE, 5);
        InputContract beat = new InputContract(List.of("V1", "V2", "V3", "V4", "V5", "V6", "I", "II"), 500, 5000)
                .withBeat(new InputContract.BeatInput(125, 275));
        float[][] x = beat.prepare(ecg);
        assertEquals(8, x.length);
        assertEquals(5400, x[0].length);
        assertEquals(beat.columns(), x[0].length);
        float[][] plain = new InputContract(beat.leads(), 500, 5000).prepare(ecg);
        assertArrayEquals(plain[0], java.util.Arrays.copyOf(x[0], 5000), "the rhythm is the plain contract's");
        float[][] features = InputContract.features(500, 5000).prepare(ecg);
        assertEquals(1, features.length);
        assertArrayEquals(EcgFeatures.of(ecg), features[0], 1e-4f);

        InputContract both = beat.withMeasurements();
        float[][] y = both.prepare(ecg);
        assertEquals(5400 + EcgFeatures.size(), y[0].length);
        assertEquals(5400, both.signalColumns());
        for (int l = 0; l < 8; l++) {
            assertArrayEquals(x[l], java.util.Arrays.copyOf(y[l], 5400), "lead " + l + "'s signals are the beat contract's");
            float[] tail = java.util.Arrays.copyOfRange(y[l], 5400, y[l].length);
            assertArrayEquals(l == 0 ? features[0] : new float[EcgFeatures.size()], tail, "the measurements follow in the first row only");
        }
        assertThrows(IllegalArgumentException.class, () -> beat.withMeasurements().withWindowing(new Windowing(1250, 10)),
                "measurements belong to the whole record");
    }
}
