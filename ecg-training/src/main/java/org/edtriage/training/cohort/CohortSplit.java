package org.edtriage.training.cohort;

import java.time.Instant;
import java.util.List;

/**
 * The target task (AMI in chest-pain visits) in four patient-disjoint parts, the source task (age and sex
 * from everyone else's ECGs) in two, and what was left out and why.
 *
 * @param temporalCutoff arrival time of the first temporal-test visit: every training visit is earlier
 */
public record CohortSplit(List<TargetExample> train, List<TargetExample> validation, List<TargetExample> randomTest,
                          List<TargetExample> temporalTest, List<EcgRow> sourceTrain, List<EcgRow> sourceValidation,
                          Instant temporalCutoff, Exclusions exclusions, SplitConfig config) {

    public CohortSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        randomTest = List.copyOf(randomTest);
        temporalTest = List.copyOf(temporalTest);
        sourceTrain = List.copyOf(sourceTrain);
        sourceValidation = List.copyOf(sourceValidation);
    }

    /**
     * Chest-pain visits left out of the target task, by reason.
     *
     * @param noEcgInWindow          no ECG from 2 h before to 3 h after arrival
     * @param outcomePending         the 30-day outcome is not known yet
     * @param earlierVisitsOfTemporalPatients visits of temporal-test patients before the cutoff: they leave the rest
     */
    public record Exclusions(int noEcgInWindow, int outcomePending, int earlierVisitsOfTemporalPatients) {
    }

    /** The four target parts in the order the report prints them. */
    public List<Part<TargetExample>> targetParts() {
        return List.of(new Part<>("train", train), new Part<>("validation", validation),
                new Part<>("random test", randomTest), new Part<>("temporal test", temporalTest));
    }

    public List<Part<EcgRow>> sourceParts() {
        return List.of(new Part<>("source train", sourceTrain), new Part<>("source validation", sourceValidation));
    }

    /** A named part of the split. */
    public record Part<T>(String name, List<T> items) {
    }
}
