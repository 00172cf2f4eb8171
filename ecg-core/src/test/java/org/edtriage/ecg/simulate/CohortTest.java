package org.edtriage.ecg.simulate;

import org.edtriage.ecg.Sex;
import org.edtriage.ecg.hl7.AdtMapper;
import org.edtriage.ecg.hl7.AdtOutcome;
import org.edtriage.ecg.hl7.AdtVisit;
import org.edtriage.ecg.hl7.AdtWriter;
import org.edtriage.ecg.hl7.PatientIdentity;
import org.edtriage.ecg.signal.Delineator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CohortTest {

    @Test
    void theCohortLooksLikeTheSeedsTableIAndStaysInTimeOrder() {
        Cohort cohort = new Cohort(CohortConfig.defaults(42, 4000));
        List<Integer> cpAges = new ArrayList<>(), otherAges = new ArrayList<>();
        int female = 0, visits = 0, cpVisits = 0, ami = 0, ecgs = 0, outcomes = 0;
        Map<String, CohortEvent.Visit> seen = new HashMap<>();
        Instant last = Instant.MIN;
        while (cohort.hasNext()) {
            CohortEvent e = cohort.next();
            assertFalse(e.time().isBefore(last), "events in time order");
            last = e.time();
            if (e instanceof CohortEvent.Visit v) {
                visits++;
                seen.put(v.visitId(), v);
                (v.chestPain() ? cpAges : otherAges).add(v.ageYears());
                female += v.sex() == Sex.FEMALE ? 1 : 0;
                cpVisits += v.chestPain() ? 1 : 0;
                ami += v.ami() ? 1 : 0;
                assertTrue(!v.ami() || v.chestPain());
            } else if (e instanceof CohortEvent.Recording r) {
                ecgs++;
                Duration fromArrival = Duration.between(r.visit().time(), r.time());
                assertTrue(fromArrival.compareTo(Duration.ofHours(-2)) >= 0 && fromArrival.compareTo(Duration.ofHours(3)) <= 0,
                        "ECG within 2 h before to 3 h after arrival: " + fromArrival);
                assertEquals(r.visit().ami(), r.mi() != null);
            } else if (e instanceof CohortEvent.Outcome o) {
                outcomes++;
                assertTrue(seen.containsKey(o.visit().visitId()) && o.time().isAfter(o.visit().time()), "a label comes after its visit");
                assertEquals(o.visit().ami(), o.icd10Codes().stream().anyMatch(c -> c.startsWith("I21")));
            }
        }
        double cpMedian = median(cpAges), otherMedian = median(otherAges);
        System.out.printf("cohort: %d visits (%d chest pain, %.1f %% AMI), %d ECGs, %d outcomes; median age chest pain %.0f, others %.0f; %.0f %% female%n",
                visits, cpVisits, 100.0 * ami / cpVisits, ecgs, outcomes, cpMedian, otherMedian, 100.0 * female / visits);
        assertEquals(visits, outcomes);
        assertTrue(Math.abs(cpMedian - 61) <= 3 && Math.abs(otherMedian - 71) <= 3, cpMedian + " / " + otherMedian);
        assertTrue(Math.abs(100.0 * female / visits - 50) <= 5);
        assertTrue(Math.abs(100.0 * ami / cpVisits - 5.7) <= 2.0, "AMI incidence " + 100.0 * ami / cpVisits);
        assertTrue(visits > 4000 * 1.3 && ecgs > visits, visits + " visits, " + ecgs + " ECGs");
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedDoesNot(@TempDir Path dir) throws Exception {
        CohortConfig small = CohortConfig.defaults(7, 25);
        CohortWriter.Summary a = CohortWriter.write(new Cohort(small), dir.resolve("a"));
        CohortWriter.write(new Cohort(small), dir.resolve("b"));
        CohortWriter.write(new Cohort(CohortConfig.defaults(8, 25)), dir.resolve("c"));
        assertTrue(a.ecgs() > 25);
        assertEquals(digest(dir.resolve("a")), digest(dir.resolve("b")));
        assertNotEquals(digest(dir.resolve("a")), digest(dir.resolve("c")));
        List<String> manifest = Files.readAllLines(dir.resolve("a/manifest.csv"));
        assertEquals(CohortWriter.HEADER, manifest.get(0));
        assertEquals(a.ecgs() + 1, manifest.size(), "one row per ECG");
    }

    @Test
    void temporalDriftChangesTheDeviceAndTheCaseMixAtTheGivenDate() {
        Instant change = Instant.parse("2025-01-01T00:00:00Z");
        Cohort cohort = new Cohort(CohortConfig.defaults(5, 3000).withDrift(change, Device.CART_C, change, 2.0));
        int before = 0, after = 0, amiBefore = 0, amiAfter = 0, cpBefore = 0, cpAfter = 0;
        while (cohort.hasNext()) {
            CohortEvent e = cohort.next();
            if (e instanceof CohortEvent.Recording r) {
                boolean late = !r.visit().time().isBefore(change);
                assertEquals(late ? Device.CART_C : Device.CART_A, r.device());
                if (late) after++; else before++;
            } else if (e instanceof CohortEvent.Visit v && v.chestPain()) {
                if (v.time().isBefore(change)) {
                    cpBefore++;
                    amiBefore += v.ami() ? 1 : 0;
                } else {
                    cpAfter++;
                    amiAfter += v.ami() ? 1 : 0;
                }
            }
        }
        assertTrue(before > 0 && after > 0);
        double rateBefore = (double) amiBefore / cpBefore, rateAfter = (double) amiAfter / cpAfter;
        System.out.printf("drift: AMI %.1f %% before, %.1f %% after the case-mix shift%n", 100 * rateBefore, 100 * rateAfter);
        assertTrue(rateAfter > 1.4 * rateBefore);
    }

    @Test
    void aClassifierOnTheSignalSeparatesAmiAndSubtleCasesAreHarder() {
        // features measured from the signal: ST at J+60 ms (signed and absolute) and T amplitude in the 12 leads
        Cohort cohort = new Cohort(CohortConfig.defaults(11, 6000).withAmiIncidence(0.35));
        List<double[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        List<Boolean> subtle = new ArrayList<>();
        while (cohort.hasNext() && x.size() < 700) {
            if (cohort.next() instanceof CohortEvent.Recording r && r.visit().chestPain() && r.indexInVisit() == 0) {
                Delineator.Measurements m = Delineator.measure(r.synthesize().ecg());
                double[] f = new double[36];
                for (int l = 0; l < 12; l++) {
                    f[l] = nanToZero(m.stJ60Mv()[l]);
                    f[12 + l] = Math.abs(nanToZero(m.stJ60Mv()[l])); // deviation in either direction, in any territory
                    f[24 + l] = nanToZero(m.tMv()[l]);
                }
                x.add(f);
                y.add(r.mi() != null ? 1 : 0);
                subtle.add(r.mi() != null && !r.mi().stemiGrade());
            }
        }
        int half = x.size() / 2;
        LogisticRegression model = LogisticRegression.fit(x.subList(0, half), y.subList(0, half), 400, 0.3, 0.01);
        List<Double> scores = new ArrayList<>();
        for (double[] f : x.subList(half, x.size())) {
            scores.add(model.predict(f));
        }
        List<Integer> labels = y.subList(half, y.size());
        double all = auc(scores, labels, i -> true);
        double obvious = auc(scores, labels, i -> labels.get(i) == 0 || !subtle.get(half + i));
        double subtleOnly = auc(scores, labels, i -> labels.get(i) == 0 || subtle.get(half + i));
        System.out.printf("signal classifier AUC (test half, n=%d): all AMI %.3f, STEMI-grade %.3f, subtle %.3f%n", labels.size(), all, obvious, subtleOnly);
        assertTrue(all > 0.7, "well above chance: " + all);
        assertTrue(obvious > subtleOnly + 0.05, "subtle cases measurably harder: " + obvious + " vs " + subtleOnly);
    }

    @Test
    void admissionsAndDischargesWrittenForTheFeedReadBackThroughTheIngestMapper() {
        PatientIdentity who = new PatientIdentity("SIM-P0000001@SIM-H1", "SIM-V00000001", null, Sex.MALE, "SIM-H1");
        Instant arrival = Instant.parse("2026-11-22T08:00:00Z");
        AdtVisit visit = new AdtMapper(ZoneOffset.UTC).visit(AdtWriter.registration("A1", who, arrival, "R07.4", "Chest pain", ZoneOffset.UTC));
        assertTrue(visit.chestPain());
        assertEquals(arrival, visit.arrival());
        AdtOutcome outcome = new AdtMapper(ZoneOffset.UTC).outcome(AdtWriter.discharge("A2", who, arrival, arrival.plus(Duration.ofDays(3)),
                List.of("R07.4", "I21.1"), arrival.plus(Duration.ofHours(5)), ZoneOffset.UTC));
        assertTrue(outcome.amiWithin30Days());
        assertEquals(arrival.plus(Duration.ofHours(5)), outcome.amiTime());
    }

    interface IndexFilter {
        boolean test(int i);
    }

    static double auc(List<Double> scores, List<Integer> labels, IndexFilter keep) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.size(); i++) {
            if (labels.get(i) != 1 || !keep.test(i)) continue;
            for (int j = 0; j < scores.size(); j++) {
                if (labels.get(j) != 0 || !keep.test(j)) continue;
                pairs++;
                wins += scores.get(i) > scores.get(j) ? 1 : scores.get(i).equals(scores.get(j)) ? 0.5 : 0;
            }
        }
        return wins / pairs;
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static double median(List<Integer> v) {
        List<Integer> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static String digest(Path dir) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                sha.update(dir.relativize(f).toString().getBytes());
                sha.update(Files.readAllBytes(f));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
