package org.edtriage.training.train;

import org.edtriage.ecg.Sex;
import org.edtriage.training.cohort.CohortSplit;
import org.edtriage.training.cohort.EcgRow;
import org.edtriage.training.cohort.NestedSubsets;
import org.edtriage.training.cohort.TargetExample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A split as labelled sets: source ECGs with [age, female] targets (ECGs without a known age or sex
 * are left out of pre-training), target visits' ECGs with [AMI].
 */
public record ExperimentData(LabelledSet sourceTrain, LabelledSet sourceValidation, LabelledSet train, LabelledSet validation,
                             LabelledSet randomTest, LabelledSet temporalTest, Instant from, Instant to, String description) {

    public static ExperimentData of(CohortSplit split, String description) {
        return of(split, 1, 1, description);
    }

    /** With nested subsets of the target training patients and the source patients (sweeps). */
    public static ExperimentData of(CohortSplit split, double targetFraction, double sourceFraction, String description) {
        List<TargetExample> train = targetFraction >= 1 ? split.train()
                : NestedSubsets.of(split.train(), TargetExample::patientId, List.of(targetFraction), split.config().seed()).get(targetFraction);
        List<EcgRow> source = sourceFraction >= 1 ? split.sourceTrain()
                : NestedSubsets.of(split.sourceTrain(), EcgRow::patientId, List.of(sourceFraction), split.config().seed()).get(sourceFraction);
        Instant from = train.stream().map(t -> t.ecg().acquiredAt()).min(Comparator.naturalOrder()).orElse(null);
        Instant to = train.stream().map(t -> t.ecg().acquiredAt()).max(Comparator.naturalOrder()).orElse(null);
        return new ExperimentData(source("source train", source), source("source validation", split.sourceValidation()),
                target("train", train), target("validation", split.validation()), target("random test", split.randomTest()),
                target("temporal test", split.temporalTest()), from, to, description);
    }

    static LabelledSet source(String name, List<EcgRow> rows) {
        List<String> ids = new ArrayList<>();
        List<String> patients = new ArrayList<>();
        List<float[]> targets = new ArrayList<>();
        for (EcgRow r : rows) {
            if (r.ageYears() == null || r.sex() == Sex.UNKNOWN) {
                continue;
            }
            ids.add(r.ecgId());
            patients.add(r.patientId());
            targets.add(new float[]{r.ageYears(), r.sex() == Sex.FEMALE ? 1 : 0});
        }
        return new LabelledSet(name, ids, patients, targets.toArray(new float[0][]));
    }

    static LabelledSet target(String name, List<TargetExample> examples) {
        List<String> ids = new ArrayList<>();
        List<String> patients = new ArrayList<>();
        float[][] targets = new float[examples.size()][];
        for (int i = 0; i < examples.size(); i++) {
            TargetExample t = examples.get(i);
            ids.add(t.ecg().ecgId());
            patients.add(t.patientId());
            targets[i] = new float[]{t.ami() ? 1 : 0};
        }
        return new LabelledSet(name, ids, patients, targets);
    }

    /** The source task's targets restricted to the objective: [age], [female] or [age, female]. */
    public static LabelledSet forObjective(LabelledSet source, Objective objective) {
        if (!(objective instanceof Objective.Age) && !(objective instanceof Objective.Sex)) {
            return source; // age+sex as they are; a contrastive objective uses no targets
        }
        int column = objective instanceof Objective.Age ? 0 : 1;
        float[][] t = new float[source.size()][];
        for (int i = 0; i < t.length; i++) {
            t[i] = new float[]{source.targets()[i][column]};
        }
        return new LabelledSet(source.name(), source.ecgIds(), source.patientIds(), t);
    }

    /** Every task {@link #pretrainObjective} knows, for help texts and errors (a constant so annotations can name it). */
    public static final String PRETRAINING_TASKS = "age, sex, agesex, measurements, measurements-agesex, contrastive, teacher";

    /** The pre-training objective of a task name, with the age scale of the source training set. */
    public Objective pretrainObjective(String task) {
        float[] ages = sourceTrain.column(0);
        double mean = 0;
        for (float a : ages) {
            mean += a;
        }
        mean /= Math.max(1, ages.length);
        double var = 0;
        for (float a : ages) {
            var += (a - mean) * (a - mean);
        }
        double sd = Math.max(1, Math.sqrt(var / Math.max(1, ages.length)));
        switch (task) {
            case "age":
                return new Objective.Age(mean, sd);
            case "sex":
                return new Objective.Sex();
            case "agesex":
                return new Objective.AgeSex(mean, sd);
            case "measurements":
                return new Objective.Measurements(org.edtriage.ecg.signal.EcgFeatures.size(), false, mean, sd);
            case "measurements-agesex":
                return new Objective.Measurements(org.edtriage.ecg.signal.EcgFeatures.size(), true, mean, sd);
            case "contrastive":
                return new Objective.Contrastive(32, 0.1);
            case "teacher":
                return new Objective.Teacher();
            default:
                throw new IllegalArgumentException("unknown pre-training task '" + task + "': " + PRETRAINING_TASKS + " or none");
        }
    }
}
