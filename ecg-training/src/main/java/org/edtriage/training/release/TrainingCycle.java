package org.edtriage.training.release;

import org.edtriage.model.store.ModelStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.edtriage.model.EcgScorer;
import org.edtriage.model.Scorers;
import org.edtriage.model.checkpoint.CheckpointException;
import org.edtriage.model.features.FeatureModel;
import org.edtriage.training.eval.Auc;
import org.edtriage.training.eval.ModelEvaluation;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.Head;
import org.edtriage.training.cohort.CohortSplit;
import org.edtriage.training.cohort.CohortSplitter;
import org.edtriage.training.cohort.LeakageCheck;
import org.edtriage.training.cohort.SplitConfig;
import org.edtriage.training.cohort.SplitReport;
import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.training.dataset.PreparedSignals;
import org.edtriage.training.train.BodyProvenance;
import org.edtriage.training.train.Evaluator;
import org.edtriage.training.train.ExperimentConfig;
import org.edtriage.training.train.ExperimentData;
import org.edtriage.training.train.LabelledSet;
import org.edtriage.training.train.Progress;
import org.edtriage.training.train.TransferExperiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One turn of continuous training: split the dataset as it is now, train the feature model (the floor) on the
 * target visits, pre-train a body (or reuse the last one if the source set grew by less than
 * {@code reuseBodyBelowGrowth} and none of its source patients is now in a target validation or test part) and
 * fine-tune a challenger (train it from scratch for task {@code none}, continue the active release for task
 * {@value #CONTINUE}; the challenger is the feature model itself
 * for architecture {@code features-gbt}), score challenger and champion — or, with no champion, the floor — on
 * the same most recent temporal test (without any patient either trained on), and let the {@link ReleaseGate}
 * decide. The challenger is recorded in the {@link ModelStore} either way. With {@code members} > 1 the challenger is an
 * ensemble: that many networks from seeds {@code seed …}, each trained as one challenger would be (pre-trained ones
 * fine-tune the same body), released as one ensemble checkpoint.
 */
public final class TrainingCycle {
    private static final Logger LOG = Logger.getLogger(TrainingCycle.class.getName());
    private static final ObjectMapper JSON = org.edtriage.training.report.RunReport.JSON;

    /** @param members networks in the challenger: 1, or an ensemble of that many seeds */
    public record Settings(String modelName, ExperimentConfig config, double reuseBodyBelowGrowth, ReleaseGate gate, Path workDir, int members) {
        public Settings {
            if (members < 1) {
                throw new IllegalArgumentException("a challenger needs at least one network, got " + members);
            }
            if (members > 1 && (CONTINUE.equals(config.pretrainTask()) || FeatureModel.ARCHITECTURE.equals(config.architecture()))) {
                throw new IllegalArgumentException("an ensemble of " + members + " is trained from scratch or from a pre-trained body: "
                        + (CONTINUE.equals(config.pretrainTask()) ? "continuing the champion trains one network" : "the feature model is one model"));
            }
        }

        /** One network per challenger. */
        public Settings(String modelName, ExperimentConfig config, double reuseBodyBelowGrowth, ReleaseGate gate, Path workDir) {
            this(modelName, config, reuseBodyBelowGrowth, gate, workDir, 1);
        }
    }

    /**
     * The pre-training task that continues the active release instead: its own weights train on with the labelled
     * visits as they are now (from scratch while there is none, or it is another architecture).
     */
    public static final String CONTINUE = "champion";

    /** What a cycle did; the challenger's and the floor's evaluations on the cycle's own test sets, side by side. */
    public record Outcome(ModelStore.Decision decision, ReleaseGate.Decision gate, boolean bodyReused, Path report, String splitTable,
                          ModelEvaluation challenger, ModelEvaluation featureModel) {
    }

    /** The last pre-trained body, remembered between cycles. */
    record Body(String checkpoint, long sourceEcgs, Instant trainedAt) {
    }

    private final Settings settings;
    private final Progress progress;

    public TrainingCycle(Settings settings, Progress progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** A cycle on the store's ED cohort (chest-pain visits with known outcomes). */
    public Outcome run(DatasetStore store, ModelStore models) throws IOException {
        return run(store, models, new CohortSplitter(SplitConfig.nystrom(settings.config().seed())).split(store.visits(), store.ecgs(), store.outcomes()));
    }

    /** A cycle on a given split of the store (e.g. a research cohort). */
    public Outcome run(DatasetStore store, ModelStore models, CohortSplit split) throws IOException {
        LeakageCheck.verify(split);
        if (split.train().isEmpty() || split.validation().isEmpty() || split.temporalTest().isEmpty()) {
            throw new IllegalStateException("nothing to fine-tune on: the split has " + split.train().size() + " training, "
                    + split.validation().size() + " validation and " + split.temporalTest().size() + " temporal-test visits"
                    + " (a release cycle needs chest-pain visits with known outcomes: ed.visits + visit.outcomes, or a research cohort)");
        }
        String table = SplitReport.format(split);
        String runName = settings.modelName() + "-" + Instant.now().toString().replace(":", "").replace(".", "");
        Path run = Files.createDirectories(settings.workDir().resolve("runs").resolve(runName));
        Files.writeString(run.resolve("split.txt"), table);
        ExperimentData data = ExperimentData.of(split, settings.modelName() + " cycle " + runName);
        ExperimentConfig config = settings.config();
        boolean featureModel = FeatureModel.ARCHITECTURE.equals(config.architecture());
        var contract = featureModel ? FeatureModel.contract() : Architectures.build(config.architecture(), new Head.NystromTransfer()).contract();
        try (PreparedSignals signals = new PreparedSignals(store, contract)) {
            TransferExperiment experiment = new TransferExperiment(signals, progress);
            // the floor, on the same visits: with no champion the challenger must not be worse than it
            TransferExperiment.FineTuned floor = experiment.featureModel(config, data, run.resolve("feature-model"));
            boolean pretrained = !featureModel && !"none".equals(config.pretrainTask()) && !CONTINUE.equals(config.pretrainTask());
            boolean reuse = false;
            Path bodyCheckpoint = null;
            TransferExperiment.FineTuned challenger;
            var active = models.active(settings.modelName());
            Set<String> inherited = new HashSet<>();
            if (featureModel) {
                challenger = floor;
            } else if (CONTINUE.equals(config.pretrainTask()) && active.isPresent() && active.get().architecture().equals(config.architecture())) {
                Path released = models.checkpoint(settings.modelName(), active.get().version());
                challenger = experiment.continueFrom(config, data, released, run.resolve("challenger"));
                inherited.addAll(models.trainingPatients(settings.modelName(), active.get().version()));
            } else if (!pretrained) {
                if (CONTINUE.equals(config.pretrainTask()) && active.isPresent()) {
                    LOG.info("the active release is a " + active.get().architecture() + ", not a " + config.architecture()
                            + " to continue: training one from scratch");
                }
                challenger = members(experiment, config, data, run, null);
            } else {
                Path bodyFile = settings.workDir().resolve("body.json");
                Body body = Files.exists(bodyFile) ? JSON.readValue(bodyFile.toFile(), Body.class) : null;
                reuse = body != null && reusable(body, data, split);
                if (reuse) {
                    bodyCheckpoint = Path.of(body.checkpoint());
                    LOG.info("reusing the pre-trained body " + bodyCheckpoint + " (source grew from " + body.sourceEcgs() + " to " + data.sourceTrain().size() + " ECGs)");
                } else {
                    bodyCheckpoint = run.resolve("pretrain");
                    experiment.pretrain(config, data, bodyCheckpoint);
                    JSON.writeValue(bodyFile.toFile(), new Body(bodyCheckpoint.toString(), data.sourceTrain().size(), Instant.now()));
                }
                challenger = members(experiment, config, data, run, bodyCheckpoint);
            }

            // every patient whose data shaped the model: its training patients, and its validation patients, who chose its
            // best epoch and its thresholds (a later gate must not judge it on them)
            Set<String> trained = new HashSet<>(data.train().patientIds());
            trained.addAll(data.validation().patientIds());
            trained.addAll(inherited); // a continued model has seen whatever its parent saw
            if (bodyCheckpoint != null) {
                Path pretrainedBody = bodyCheckpoint;
                trained.addAll(BodyProvenance.read(pretrainedBody).orElseThrow(() -> new IllegalStateException(
                        "the body " + pretrainedBody + " lost its " + BodyProvenance.FILE + " during the cycle")));
            }
            var champion = models.active(settings.modelName());
            ReleaseGate.Decision verdict;
            String reason;
            if (champion.isEmpty() && featureModel) {
                // the feature model is its own floor: it must at least tell AMI from the rest
                LabelledSet test = without(data.temporalTest(), trained);
                verdict = settings.gate().aboveChance(probabilities(store, challenger.checkpoint(), test), test.positives(0));
                reason = verdict.reason();
            } else if (champion.isEmpty()) {
                // the floor trained on the same visits: the same patients are unseen by both
                LabelledSet test = without(data.temporalTest(), trained);
                verdict = settings.gate().compare(probabilities(store, challenger.checkpoint(), test), probabilities(store, floor.checkpoint(), test),
                        test.positives(0), "the feature model (no champion yet)");
                reason = verdict.reason();
            } else {
                Set<String> seen = new HashSet<>(trained);
                seen.addAll(models.trainingPatients(settings.modelName(), champion.get().version()));
                LabelledSet test = without(data.temporalTest(), seen);
                verdict = settings.gate().compare(probabilities(store, challenger.checkpoint(), test),
                        probabilities(store, models.checkpoint(settings.modelName(), champion.get().version()), test), test.positives(0),
                        "champion " + settings.modelName() + "@" + champion.get().version());
                // the floor is no longer the reference, but it stays in sight on the same ECGs (unless it is the challenger)
                double floorAuc = featureModel ? Double.NaN : Auc.of(probabilities(store, floor.checkpoint(), test), test.positives(0));
                reason = verdict.reason() + (Double.isNaN(floorAuc) ? "" : String.format(Locale.ROOT, "; this cycle's feature model on them: AUC %.3f",
                        floorAuc));
            }
            ModelStore.Decision decision = models.record(settings.modelName(), challenger.checkpoint(), trained, verdict.release(), reason);
            Files.writeString(run.resolve("decision.txt"), decision.kind() + ": " + decision.reason() + "\n");
            return new Outcome(decision, verdict, reuse, run, table, challenger.evaluation(), floor.evaluation());
        }
    }

    /** The challenger: one network from scratch or the body, or the ensemble of {@code members} of them. */
    private TransferExperiment.FineTuned members(TransferExperiment experiment, ExperimentConfig config, ExperimentData data, Path run,
                                                 Path body) throws IOException {
        int n = settings.members();
        List<TransferExperiment.FineTuned> members = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            ExperimentConfig member = n == 1 ? config : config.withSeed(config.seed() + k).withName(config.name() + "-seed" + (config.seed() + k));
            Path dir = run.resolve(n == 1 ? "challenger" : "challenger-seed" + member.seed());
            members.add(body == null ? experiment.scratch(member, data, dir) : experiment.fineTune(member, data, body, dir));
        }
        return n == 1 ? members.get(0) : experiment.ensemble(config, data, members, run.resolve("challenger"));
    }

    private boolean reusable(Body body, ExperimentData data, CohortSplit split) throws IOException {
        Path checkpoint = Path.of(body.checkpoint());
        if (!Files.isDirectory(checkpoint)) {
            return false;
        }
        double growth = (data.sourceTrain().size() - body.sourceEcgs()) / (double) Math.max(1, body.sourceEcgs());
        if (growth >= settings.reuseBodyBelowGrowth()) {
            return false;
        }
        var patients = BodyProvenance.read(checkpoint);
        if (patients.isEmpty()) {
            LOG.info("not reusing the pre-trained body " + checkpoint + ": it has no list of its source patients");
            return false;
        }
        // a source patient who has since come with chest pain and landed in validation or a test part would leak
        var seen = BodyProvenance.seenInEvaluation(patients.get(), data);
        seen.ifPresent(s -> LOG.info("not reusing the pre-trained body: its source " + s + " (a target evaluation part)"));
        return seen.isEmpty();
    }

    /** A stored model's (network or feature model) AMI probabilities for {@code set}, prepared to that model's own contract. */
    public static float[] probabilities(DatasetStore store, Path checkpoint, LabelledSet set) throws IOException {
        try (EcgScorer scorer = Scorers.fromCheckpoint(checkpoint, 1);
             PreparedSignals signals = new PreparedSignals(store, scorer.contract())) {
            return Evaluator.probabilities(scorer, signals, set);
        } catch (CheckpointException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static LabelledSet without(LabelledSet set, Set<String> patients) {
        List<String> ids = new ArrayList<>();
        List<String> who = new ArrayList<>();
        List<float[]> targets = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            if (!patients.contains(set.patientIds().get(i))) {
                ids.add(set.ecgIds().get(i));
                who.add(set.patientIds().get(i));
                targets.add(set.targets()[i]);
            }
        }
        return new LabelledSet(set.name() + " (unseen by either model)", ids, who, targets.toArray(new float[0][]));
    }
}
