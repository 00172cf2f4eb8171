package org.edtriage.training.cohort;

import org.edtriage.ecg.Sex;
import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.edtriage.ecg.simulate.CohortEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class CohortSplitterTest {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static List<EdVisitRow> visits = new ArrayList<>();
    static List<EcgRow> ecgs = new ArrayList<>();
    static Map<String, Boolean> outcomes = new HashMap<>();

    /** A simulated two-year ED cohort of 3,000 patients (events only; no signal is synthesised). */
    @BeforeAll
    static void simulate() {
        Cohort cohort = new Cohort(CohortConfig.defaults(11, 3000));
        while (cohort.hasNext()) {
            CohortEvent e = cohort.next();
            if (e instanceof CohortEvent.Visit v) {
                visits.add(new EdVisitRow(v.visitId(), v.patientId(), v.time(), v.chestPain(), v.ageYears(), v.sex()));
            } else if (e instanceof CohortEvent.Recording r) {
                ecgs.add(new EcgRow(r.ecgId(), r.visit().patientId(), r.time(), r.visit().ageYears(), r.visit().sex(), "sha-" + r.ecgId()));
            } else if (e instanceof CohortEvent.Outcome o) {
                outcomes.put(o.visit().visitId(), o.amiWithin30Days());
            }
        }
    }

    @Test
    void theSimulatedCohortSplitsPatientDisjointWithTheTemporalTestLast() {
        CohortSplit split = new CohortSplitter(SplitConfig.nystrom(7)).split(visits, ecgs, outcomes);
        LeakageCheck.verify(split);

        Set<String> targetPatients = new HashSet<>();
        split.targetParts().forEach(p -> p.items().forEach(t -> targetPatients.add(t.patientId())));
        int n = targetPatients.size();
        assertTrue(n > 300, "enough chest-pain patients: " + n);
        assertEquals(0.55, patients(split.train()) / (double) n, 0.01);
        assertEquals(0.15, patients(split.validation()) / (double) n, 0.01);
        assertEquals(0.15, patients(split.temporalTest()) / (double) n, 0.01);
        assertEquals(0.15, patients(split.randomTest()) / (double) n, 0.02);

        Instant latestTraining = split.train().stream().map(t -> t.visit().arrival()).max(Instant::compareTo).orElseThrow();
        Instant earliestTemporal = split.temporalTest().stream().map(t -> t.visit().arrival()).min(Instant::compareTo).orElseThrow();
        assertTrue(latestTraining.isBefore(earliestTemporal), "every training visit is earlier than the temporal test");

        assertFalse(split.sourceTrain().isEmpty());
        assertEquals(0.05, patientsOf(split.sourceValidation()) / (double) (patientsOf(split.sourceTrain()) + patientsOf(split.sourceValidation())), 0.01);
        for (EcgRow e : split.sourceTrain()) {
            assertFalse(targetPatients.contains(e.patientId()), "source ECGs come from patients in no target part");
        }
        double ami = split.train().stream().filter(TargetExample::ami).count() / (double) split.train().size();
        assertTrue(ami > 0.02 && ami < 0.2, "AMI prevalence among chest-pain visits: " + ami);

        String table = SplitReport.format(split);
        System.out.print(table); // the Table I of this simulated cohort, in the build log
        assertTrue(table.contains("temporal test") && table.contains("source validation") && table.contains("left out"), table);
        assertEquals(6, SplitReport.rows(split).size());

        // deterministic by seed; another seed gives another random split but the same temporal test
        assertEquals(split, new CohortSplitter(SplitConfig.nystrom(7)).split(visits, ecgs, outcomes));
        CohortSplit other = new CohortSplitter(SplitConfig.nystrom(8)).split(visits, ecgs, outcomes);
        assertEquals(split.temporalTest(), other.temporalTest());
        assertNotEquals(split.train(), other.train());
    }

    @Test
    void theVisitEcgIsTheFirstWithinThreeHoursAfterArrivalElseTheLastWithinTwoHoursBefore() {
        CohortSplitter splitter = new CohortSplitter(SplitConfig.nystrom(1));
        EdVisitRow visit = new EdVisitRow("v", "p", T0, true, 60, Sex.MALE);
        EcgRow before2h = ecg("before-2h", T0.minus(Duration.ofHours(2)));
        EcgRow before1h = ecg("before-1h", T0.minus(Duration.ofHours(1)));
        EcgRow after1h = ecg("after-1h", T0.plus(Duration.ofHours(1)));
        EcgRow after2h = ecg("after-2h", T0.plus(Duration.ofHours(2)));
        EcgRow after3h1m = ecg("after-3h01", T0.plus(Duration.ofMinutes(181)));
        EcgRow before2h1m = ecg("before-2h01", T0.minus(Duration.ofMinutes(121)));

        assertEquals("after-1h", splitter.ecgFor(visit, List.of(before2h, before1h, after1h, after2h)).orElseThrow().ecgId());
        assertEquals("before-1h", splitter.ecgFor(visit, List.of(before2h, before1h, after3h1m)).orElseThrow().ecgId());
        assertEquals("before-2h", splitter.ecgFor(visit, List.of(before2h)).orElseThrow().ecgId(), "2 h before is inside");
        assertEquals("at-3h", splitter.ecgFor(visit, List.of(ecg("at-3h", T0.plus(Duration.ofHours(3))))).orElseThrow().ecgId(),
                "3 h after is inside");
        assertTrue(splitter.ecgFor(visit, List.of(before2h1m, after3h1m)).isEmpty());
    }

    @Test
    void visitsWithoutAnEcgOrAnOutcomeAreLeftOutAndCounted() {
        List<EdVisitRow> vs = List.of(
                new EdVisitRow("v1", "p1", T0, true, 50, Sex.FEMALE),
                new EdVisitRow("v2", "p2", T0, true, 50, Sex.FEMALE),
                new EdVisitRow("v3", "p3", T0, true, 50, Sex.FEMALE),
                new EdVisitRow("v4", "p4", T0, false, 50, Sex.FEMALE));
        List<EcgRow> es = List.of(ecgOf("e1", "p1", T0), ecgOf("e3", "p3", T0.plusSeconds(60)), ecgOf("e4", "p4", T0));
        CohortSplit split = new CohortSplitter(SplitConfig.nystrom(1)).split(vs, es, Map.of("v1", true, "v2", false));
        assertEquals(1, split.exclusions().noEcgInWindow(), "v2 has no ECG");
        assertEquals(1, split.exclusions().outcomePending(), "v3's outcome is not known");
        assertEquals(List.of("e4"), split.sourceTrain().stream().map(EcgRow::ecgId).toList(), "the non-chest-pain patient is source");
    }

    @Test
    void theLeakageCheckFailsLoudlyOnASharedPatientOrAnIdenticalSignal() {
        CohortSplit split = new CohortSplitter(SplitConfig.nystrom(7)).split(visits, ecgs, outcomes);
        TargetExample trainExample = split.train().get(0);

        List<TargetExample> leakyTest = new ArrayList<>(split.randomTest());
        leakyTest.add(new TargetExample(new EdVisitRow("copy", trainExample.patientId(), trainExample.visit().arrival(), true, 50, Sex.MALE),
                ecgOf("other-ecg", trainExample.patientId(), trainExample.visit().arrival()), false));
        CohortSplit samePatient = new CohortSplit(split.train(), split.validation(), leakyTest, split.temporalTest(),
                split.sourceTrain(), split.sourceValidation(), split.temporalCutoff(), split.exclusions(), split.config());
        var e = assertThrows(LeakageCheck.LeakageException.class, () -> LeakageCheck.verify(samePatient));
        assertTrue(e.getMessage().contains("patient " + trainExample.patientId().substring(0, Math.min(16, trainExample.patientId().length()))), e.getMessage());

        List<EcgRow> leakySource = new ArrayList<>(split.sourceTrain());
        EcgRow resent = new EcgRow("resent-under-new-id", "someone-else", Instant.EPOCH, 40, Sex.MALE, trainExample.ecg().signalSha256());
        leakySource.add(resent);
        CohortSplit sameSignal = new CohortSplit(split.train(), split.validation(), split.randomTest(), split.temporalTest(),
                leakySource, split.sourceValidation(), split.temporalCutoff(), split.exclusions(), split.config());
        e = assertThrows(LeakageCheck.LeakageException.class, () -> LeakageCheck.verify(sameSignal));
        assertTrue(e.getMessage().contains("signal") && e.getMessage().contains("source train"), e.getMessage());
    }

    @Test
    void nestedSubsetsAreStrictlyNestedAtThePatientLevel() {
        CohortSplit split = new CohortSplitter(SplitConfig.nystrom(7)).split(visits, ecgs, outcomes);
        Map<Double, List<EcgRow>> subsets = NestedSubsets.of(split.sourceTrain(), EcgRow::patientId, NestedSubsets.SOURCE_FRACTIONS, 3);
        List<EcgRow> previous = List.of();
        int allPatients = patientsOf(split.sourceTrain());
        for (var entry : subsets.entrySet()) {
            List<EcgRow> subset = entry.getValue();
            assertTrue(subset.containsAll(previous), entry.getKey() + " contains the smaller subsets");
            assertTrue(subset.size() > previous.size(), entry.getKey() + " is strictly larger");
            assertEquals(Math.ceil(entry.getKey() * allPatients), patientsOf(subset), 1.0);
            // whole patients only
            Set<String> in = new HashSet<>();
            subset.forEach(x -> in.add(x.patientId()));
            assertEquals(split.sourceTrain().stream().filter(x -> in.contains(x.patientId())).count(), subset.size());
            previous = subset;
        }
        assertEquals(split.sourceTrain(), subsets.get(1.0));
    }

    private static int patients(List<TargetExample> items) {
        Set<String> p = new HashSet<>();
        items.forEach(t -> p.add(t.patientId()));
        return p.size();
    }

    private static int patientsOf(List<EcgRow> items) {
        Set<String> p = new HashSet<>();
        items.forEach(t -> p.add(t.patientId()));
        return p.size();
    }

    private static EcgRow ecg(String id, Instant at) {
        return ecgOf(id, "p", at);
    }

    private static EcgRow ecgOf(String id, String patient, Instant at) {
        return new EcgRow(id, patient, at, 60, Sex.MALE, "sha-" + id);
    }
}
