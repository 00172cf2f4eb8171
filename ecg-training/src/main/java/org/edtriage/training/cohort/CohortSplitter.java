package org.edtriage.training.cohort;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the cohorts and splits of Nyström et al. §II-A from the dataset's visits, ECGs and outcomes:
 * <ol>
 * <li>Target: chest-pain visits with one ECG each — the first from arrival to 3 h after, else the last
 * from 2 h before arrival — labelled AMI within 30 days; visits without such an ECG or whose outcome is
 * not yet known are left out and counted.</li>
 * <li>Temporal test: the chronologically last visits that hold 15 % of target patients; the earlier
 * visits of those patients leave the rest (counted).</li>
 * <li>The remaining patients split at random into train / validation / random test, sized 55 / 15 / 15 %
 * of all target patients.</li>
 * <li>Source: every ECG of patients in no target part, split 95 / 5 by patient. Patients with a chest-pain
 * visit whose outcome is pending are not source either (our addition for continuous operation: they are
 * about to become target patients).</li>
 * </ol>
 * Deterministic: patients are shuffled from sorted ids with the configured seed.
 */
public final class CohortSplitter {
    private final SplitConfig config;

    public CohortSplitter(SplitConfig config) {
        this.config = config;
    }

    /** @param amiByVisit the 30-day AMI label of each visit whose outcome is known */
    public CohortSplit split(Collection<EdVisitRow> visits, Collection<EcgRow> ecgs, Map<String, Boolean> amiByVisit) {
        Map<String, List<EcgRow>> ecgsByPatient = new HashMap<>();
        for (EcgRow ecg : ecgs) {
            ecgsByPatient.computeIfAbsent(ecg.patientId(), p -> new ArrayList<>()).add(ecg);
        }
        ecgsByPatient.values().forEach(list -> list.sort(Comparator.comparing(EcgRow::acquiredAt).thenComparing(EcgRow::ecgId)));

        List<TargetExample> target = new ArrayList<>();
        int noEcg = 0, pending = 0;
        Set<String> pendingPatients = new HashSet<>();
        for (EdVisitRow visit : visits) {
            if (!visit.chestPain()) {
                continue;
            }
            Optional<EcgRow> ecg = ecgFor(visit, ecgsByPatient.getOrDefault(visit.patientId(), List.of()));
            if (ecg.isEmpty()) {
                noEcg++;
                continue;
            }
            Boolean ami = amiByVisit.get(visit.visitId());
            if (ami == null) {
                pending++;
                pendingPatients.add(visit.patientId());
                continue;
            }
            target.add(new TargetExample(visit, ecg.get(), ami));
        }
        target.sort(Comparator.comparing((TargetExample t) -> t.visit().arrival()).thenComparing(t -> t.visit().visitId()));

        Set<String> targetPatients = new TreeSet<>();
        target.forEach(t -> targetPatients.add(t.patientId()));
        int n = targetPatients.size();

        // temporal test: walk back from the latest visit until its patients are 15 % of all target patients
        Set<String> temporalPatients = new HashSet<>();
        int wanted = (int) Math.round(config.temporalTest() * n);
        int firstTemporal = target.size();
        while (firstTemporal > 0 && temporalPatients.size() < wanted) {
            firstTemporal--;
            temporalPatients.add(target.get(firstTemporal).patientId());
        }
        // visits at the same instant as the cutoff visit belong with it
        while (firstTemporal > 0 && firstTemporal < target.size() && target.get(firstTemporal - 1).visit().arrival().equals(target.get(firstTemporal).visit().arrival())) {
            firstTemporal--;
            temporalPatients.add(target.get(firstTemporal).patientId());
        }
        Instant cutoff = firstTemporal < target.size() ? target.get(firstTemporal).visit().arrival() : null;
        List<TargetExample> temporal = new ArrayList<>(target.subList(firstTemporal, target.size()));
        List<TargetExample> rest = new ArrayList<>();
        int earlierOfTemporal = 0;
        for (TargetExample t : target.subList(0, firstTemporal)) {
            if (temporalPatients.contains(t.patientId())) {
                earlierOfTemporal++;
            } else {
                rest.add(t);
            }
        }

        List<String> restPatients = shuffled(rest.stream().map(TargetExample::patientId).collect(java.util.stream.Collectors.toCollection(TreeSet::new)), 1);
        int trainCount = (int) Math.round(config.train() * n);
        int validationCount = (int) Math.round(config.validation() * n);
        trainCount = Math.min(trainCount, restPatients.size());
        validationCount = Math.min(validationCount, restPatients.size() - trainCount);
        Set<String> trainPatients = new HashSet<>(restPatients.subList(0, trainCount));
        Set<String> validationPatients = new HashSet<>(restPatients.subList(trainCount, trainCount + validationCount));
        List<TargetExample> train = new ArrayList<>(), validation = new ArrayList<>(), randomTest = new ArrayList<>();
        for (TargetExample t : rest) {
            (trainPatients.contains(t.patientId()) ? train : validationPatients.contains(t.patientId()) ? validation : randomTest).add(t);
        }

        // source: every ECG of patients in no target part — nor about to join one: a chest-pain patient whose
        // outcome is pending becomes a target patient when it arrives, and must not have been pre-trained on
        Set<String> sourcePatientSet = new TreeSet<>(ecgsByPatient.keySet());
        sourcePatientSet.removeAll(targetPatients);
        sourcePatientSet.removeAll(pendingPatients);
        List<String> sourcePatients = shuffled(sourcePatientSet, 2);
        int sourceValidationCount = (int) Math.round(config.sourceValidation() * sourcePatients.size());
        Set<String> sourceValidationPatients = new HashSet<>(sourcePatients.subList(0, sourceValidationCount));
        List<EcgRow> sourceTrain = new ArrayList<>(), sourceValidation = new ArrayList<>();
        for (String patient : sourcePatients) {
            (sourceValidationPatients.contains(patient) ? sourceValidation : sourceTrain).addAll(ecgsByPatient.get(patient));
        }
        sourceTrain.sort(Comparator.comparing(EcgRow::acquiredAt).thenComparing(EcgRow::ecgId));
        sourceValidation.sort(Comparator.comparing(EcgRow::acquiredAt).thenComparing(EcgRow::ecgId));

        return new CohortSplit(train, validation, randomTest, temporal, sourceTrain, sourceValidation, cutoff,
                new CohortSplit.Exclusions(noEcg, pending, earlierOfTemporal), config);
    }

    /** The first ECG in [arrival, arrival + 3 h], else the last in [arrival − 2 h, arrival). */
    Optional<EcgRow> ecgFor(EdVisitRow visit, List<EcgRow> patientEcgsByTime) {
        Instant arrival = visit.arrival();
        Instant latestAfter = arrival.plus(config.ecgAfterArrival());
        Instant earliestBefore = arrival.minus(config.ecgBeforeArrival());
        EcgRow lastBefore = null;
        for (EcgRow ecg : patientEcgsByTime) {
            Instant t = ecg.acquiredAt();
            if (!t.isBefore(arrival) && !t.isAfter(latestAfter)) {
                return Optional.of(ecg);
            }
            if (!t.isBefore(earliestBefore) && t.isBefore(arrival)) {
                lastBefore = ecg;
            }
        }
        return Optional.ofNullable(lastBefore);
    }

    private List<String> shuffled(Set<String> sortedIds, long stream) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(sortedIds));
        java.util.Collections.shuffle(ids, new Random(config.seed() * 31 + stream));
        return ids;
    }
}
