package org.edtriage.training.train;

import ai.djl.Model;
import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;
import org.edtriage.training.cohort.CohortSplit;
import org.edtriage.training.cohort.CohortSplitter;
import org.edtriage.training.cohort.EcgRow;
import org.edtriage.training.cohort.LeakageCheck;
import org.edtriage.training.cohort.SplitConfig;
import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.training.dataset.PreparedSignals;
import org.edtriage.training.imports.SimulatedCohortImport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Stage 1 as the papers use it, on the platform's architecture: CNN-20k-beat pre-trained on the age and sex of the
 * source patients of a simulated ED (about 2,200 ECGs, 5 quick epochs, CPU, about a minute) predicts both for
 * source patients it never saw — age far better than the papers' baseline (predicting the training mean) and than the
 * best constant there could be, sex well above chance. As in the papers, pre-training is judged on source validation
 * patients (the source set has no test part); here half of them pick the epoch and the other half judge it, so the
 * figure is not flattered by the selection. Every claim held for training seeds 1–4 by a wide margin (ecg-training
 * README, "Tests"), so CPU rounding, which changes a trained network a little, cannot flip it.
 */
class AgeSexPretrainingIT {

    @Test
    void ageAndSexOfUnseenPatientsArePredictedFarBetterThanAnyConstant(@TempDir Path root) throws Exception {
        try (DatasetStore store = DatasetStore.open(root.resolve("dataset"))) {
            SimulatedCohortImport.run(new Cohort(CohortConfig.defaults(7, 3000)), store, n -> { });
            // source validation 16 % instead of 5 %, by patient in two halves: one picks the best epoch, the other judges it
            SplitConfig nystrom = SplitConfig.nystrom(1);
            SplitConfig config = new SplitConfig(nystrom.ecgAfterArrival(), nystrom.ecgBeforeArrival(), nystrom.temporalTest(), nystrom.train(),
                    nystrom.validation(), nystrom.randomTest(), 0.16, 1);
            CohortSplit split = new CohortSplitter(config).split(store.visits(), store.ecgs(), store.outcomes());
            LeakageCheck.verify(split);
            List<EcgRow> selection = new ArrayList<>(), judged = new ArrayList<>();
            for (EcgRow row : split.sourceValidation()) {
                (Math.floorMod(row.patientId().hashCode(), 2) == 0 ? selection : judged).add(row);
            }
            ExperimentData all = ExperimentData.of(split, "simulated ED, 3,000 patients");
            ExperimentData data = new ExperimentData(all.sourceTrain(), ExperimentData.source("source validation (epoch selection)", selection),
                    all.train(), all.validation(), all.randomTest(), all.temporalTest(), all.from(), all.to(), all.description());
            LabelledSet test = ExperimentData.source("source validation (judged)", judged);
            try (PreparedSignals signals = new PreparedSignals(store, Architectures.cnn20kBeat(new Head.AgeSex()).contract())) {
                ExperimentConfig experiment = ExperimentConfig.quick("agesex-test", "cnn20k-beat", "agesex", 1, Integer.getInteger("triage.test.age-epochs", 5));
                TransferExperiment.Pretrained pretrained = new TransferExperiment(signals, Progress.console(System.out))
                        .pretrain(experiment, data, root.resolve("pretrain"));

                float[][] outputs;
                try (Model model = Model.newInstance("held-out", "PyTorch")) {
                    EcgNetwork network = Checkpoint.load(pretrained.checkpoint(), model.getNDManager()).network();
                    outputs = NetworkTrainer.predict(network, signals, test, 64);
                }
                Objective.AgeSex objective = (Objective.AgeSex) data.pretrainObjective("agesex");
                double mae = objective.metrics(outputs, test.targets()).get("ageMae");
                double r2 = objective.metrics(outputs, test.targets()).get("ageR2");
                float[] sexScores = new float[outputs.length];
                for (int i = 0; i < outputs.length; i++) {
                    sexScores[i] = outputs[i][1];
                }
                var sexAuc = org.edtriage.training.eval.Auc.withBootstrapCi(sexScores, test.positives(1), 1000, 1);
                float[] ages = test.column(0);
                // the papers' baseline predicts the training mean; the median of the judged ages themselves is the best
                // constant there could be (an oracle), reported beside it
                double predictMean = 0, bestConstant = 0, median = median(ages);
                for (float a : ages) {
                    predictMean += Math.abs(a - objective.mean());
                    bestConstant += Math.abs(a - median);
                }
                predictMean /= ages.length;
                bestConstant /= ages.length;
                System.out.printf("age and sex pre-training on %d source ECGs, judged on %d ECGs of %d unseen source patients: sex AUC %.3f "
                                + "(95 %% CI %.3f–%.3f); age MAE %.2f years (r² %.2f) vs %.2f predicting the training mean (%.0f %%) and %.2f "
                                + "for the best constant%n",
                        data.sourceTrain().size(), ages.length, test.patientIds().stream().distinct().count(), sexAuc.value(), sexAuc.lower(),
                        sexAuc.upper(), mae, r2, predictMean, 100 * mae / predictMean, bestConstant);
                // Judged by paired differences of absolute errors on the same ECGs, resampled by patient: whether the
                // network beats each baseline is then a statistical claim that rounding differences between CPUs (which
                // change the trained network a little) cannot flip, unlike a fixed ratio near the figure one machine gave.
                double[] network = new double[ages.length], mean = new double[ages.length], constant = new double[ages.length];
                for (int i = 0; i < ages.length; i++) {
                    network[i] = Math.abs(outputs[i][0] * objective.sd() + objective.mean() - ages[i]);
                    mean[i] = Math.abs(ages[i] - objective.mean());
                    constant[i] = Math.abs(ages[i] - median);
                }
                double[] vsMean = pairedUpperBound(network, mean, test.patientIds());
                double[] vsConstant = pairedUpperBound(network, constant, test.patientIds());
                System.out.printf("MAE difference vs the mean predictor %.2f years (95 %% CI upper bound %.2f), vs the best constant %.2f (%.2f)%n",
                        vsMean[0], vsMean[1], vsConstant[0], vsConstant[1]);
                assertTrue(vsMean[1] < 0, "age MAE " + mae + " not below predicting the mean, " + predictMean + ": " + Arrays.toString(vsMean));
                assertTrue(vsConstant[1] < 0, "age MAE " + mae + " not below the best constant, " + bestConstant + ": " + Arrays.toString(vsConstant));
                assertTrue(sexAuc.lower() > 0.5, "sex learnt: AUC " + sexAuc);
            }
        }
    }

    /** Mean of {@code a − b} and the upper end of its 95 % percentile-bootstrap interval, resampling whole patients. */
    static double[] pairedUpperBound(double[] a, double[] b, List<String> patients) {
        java.util.Map<String, List<Integer>> byPatient = new java.util.LinkedHashMap<>();
        for (int i = 0; i < patients.size(); i++) {
            byPatient.computeIfAbsent(patients.get(i), k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> groups = new ArrayList<>(byPatient.values());
        java.util.Random random = new java.util.Random(1);
        double[] means = new double[2000];
        for (int r = 0; r < means.length; r++) {
            double sum = 0;
            int n = 0;
            for (int g = 0; g < groups.size(); g++) {
                for (int i : groups.get(random.nextInt(groups.size()))) {
                    sum += a[i] - b[i];
                    n++;
                }
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        double point = 0;
        for (int i = 0; i < a.length; i++) {
            point += a[i] - b[i];
        }
        return new double[]{point / a.length, means[(int) (0.975 * (means.length - 1))]};
    }

    private static double median(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
