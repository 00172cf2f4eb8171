package org.edtriage.training.train;

import ai.djl.Model;
import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.model.checkpoint.CheckpointException;
import org.edtriage.model.checkpoint.ModelManifest;
import org.edtriage.model.features.FeatureModel;
import org.edtriage.model.features.FeatureScorer;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;
import org.edtriage.training.dataset.PreparedSignals;
import org.edtriage.training.eval.ModelEvaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Nyström et al.'s experiment for one architecture: (1) pre-train the body on age/sex of the source
 * set and keep the best epoch by validation loss; (2) replace the head with FC 100 → ReLU → dropout
 * 0.3 → FC 1 → sigmoid and train it with the body frozen (and, as in Keras, in inference mode);
 * (3) unfreeze everything at a constant small rate, early stopping on validation AUC. Beside it, the
 * baseline: the same architecture and head from random weights with stage 2 + 3's budget. Both are
 * evaluated on the same validation and test sets and saved as checkpoints.
 */
public final class TransferExperiment {
    private final PreparedSignals signals;
    private final Progress progress;
    private final java.time.Duration budget;

    public TransferExperiment(PreparedSignals signals, Progress progress) {
        this(signals, progress, null);
    }

    /**
     * @param budget wall-clock time one model may train, or null for the epoch budgets alone: pre-training with stages
     *               2 and 3 is one model, scratch another; each stage gets the share of its epochs
     */
    public TransferExperiment(PreparedSignals signals, Progress progress, java.time.Duration budget) {
        this.signals = signals;
        this.progress = progress;
        this.budget = budget;
    }

    private NetworkTrainer trainer(ExperimentConfig config, StagePlan stage) {
        java.time.Duration share = null;
        if (budget != null) {
            boolean scratch = stage == config.scratch();
            int epochs = scratch ? config.scratch().epochs()
                    : ("none".equals(config.pretrainTask()) ? 0 : config.pretrain().epochs()) + config.stage2().epochs() + config.stage3().epochs();
            share = java.time.Duration.ofMillis(budget.toMillis() * stage.epochs() / Math.max(1, epochs));
        }
        return new NetworkTrainer(signals, config.seed(), progress, config.recipe(), share);
    }

    /** Everything one run produced. Checkpoints lie under {@code outDir/checkpoints}. */
    public record Result(ExperimentConfig config, StageResult pretrain, Map<String, Double> pretrainMetrics, List<StageResult> transferStages,
                         StageResult scratch, ModelEvaluation transfer, ModelEvaluation scratchEvaluation, Path pretrainCheckpoint,
                         Path transferCheckpoint, Path scratchCheckpoint, ModelEvaluation featureModel, Path featureModelCheckpoint) {
    }

    /**
     * Pre-training alone: returns the checkpoint of the best epoch, with its validation metrics in the manifest and its
     * source patients beside it ({@link BodyProvenance}).
     */
    public Pretrained pretrain(ExperimentConfig config, ExperimentData data, Path checkpointDir) throws IOException {
        Objective objective = data.pretrainObjective(config.pretrainTask());
        LabelledSet train, validation;
        if (objective instanceof Objective.Measurements m) {
            try (PreparedSignals features = new PreparedSignals(signals.store(), FeatureModel.contract())) {
                progress.message("measurement pre-training: measuring " + (data.sourceTrain().size() + data.sourceValidation().size()) + " source ECGs");
                MeasurementTargets targets = MeasurementTargets.fit(features, data.sourceTrain());
                train = targets.labelled(features, data.sourceTrain(), m.ageSex());
                validation = targets.labelled(features, data.sourceValidation(), m.ageSex());
            }
        } else if (objective instanceof Objective.Teacher) {
            try (PreparedSignals features = new PreparedSignals(signals.store(), FeatureModel.contract());
                 TeacherTargets teacher = TeacherTargets.fit(features, data, config.seed())) {
                progress.message("distillation pre-training: the feature model of " + data.train().size() + " target visits scores "
                        + (data.sourceTrain().size() + data.sourceValidation().size()) + " source ECGs");
                train = teacher.labelled(features, data.sourceTrain());
                validation = teacher.labelled(features, data.sourceValidation());
            }
        } else {
            train = ExperimentData.forObjective(data.sourceTrain(), objective);
            validation = ExperimentData.forObjective(data.sourceValidation(), objective);
        }
        EcgNetwork network = Architectures.build(config.architecture(), objective.head());
        try (Model model = Model.newInstance(config.name() + "-pretrain", "PyTorch")) {
            NetworkTrainer trainer = trainer(config, config.pretrain());
            trainer.initialize(network, model.getNDManager(), config.pretrain());
            StageResult stage = trainer.train(model, network, objective, train, validation, config.pretrain());
            Map<String, Double> metrics = new java.util.LinkedHashMap<>(objective.metrics(NetworkTrainer.predict(network, signals, validation, 64),
                    validation.targets()));
            if (metrics.containsKey("ageMae")) {
                // the yardstick: predicting the training set's mean age for everyone
                double mean = objective instanceof Objective.Age a ? a.mean() : objective instanceof Objective.Measurements me ? me.ageMean()
                        : ((Objective.AgeSex) objective).mean();
                int ageColumn = objective instanceof Objective.Measurements me ? me.count() : 0;
                double sum = 0;
                for (float age : validation.column(ageColumn)) {
                    sum += Math.abs(age - mean);
                }
                metrics.put("ageMaeMeanPredictor", sum / Math.max(1, validation.size()));
            }
            Map<String, Double> manifestMetrics = new java.util.LinkedHashMap<>(prefixed("validation.", metrics));
            if (objective instanceof Objective.Age a) {
                manifestMetrics.put("ageMean", a.mean());
                manifestMetrics.put("ageSd", a.sd());
            } else if (objective instanceof Objective.Measurements a && a.ageSex()) {
                manifestMetrics.put("ageMean", a.ageMean());
                manifestMetrics.put("ageSd", a.ageSd());
            } else if (objective instanceof Objective.AgeSex a) {
                manifestMetrics.put("ageMean", a.mean());
                manifestMetrics.put("ageSd", a.sd());
            }
            String sha = Checkpoint.save(checkpointDir, network, manifest(config.name() + "-pretrain-" + config.pretrainTask(), network,
                    trainingData(data.sourceTrain(), "source: " + data.description()), manifestMetrics, Map.of(), null));
            // a teacher learnt from the target visits' labels: their patients are the body's too
            BodyProvenance.write(checkpointDir, objective.usesTargetLabels() ? union(patients(data.sourceTrain()), patients(data.train()))
                    : patients(data.sourceTrain()));
            return new Pretrained(checkpointDir, sha, stage, metrics);
        }
    }

    /** A pre-trained body on disk; its source patients lie beside it ({@link BodyProvenance#read}). */
    public record Pretrained(Path checkpoint, String sha256, StageResult stage, Map<String, Double> validationMetrics) {
    }

    /** Stages 2 and 3 from a pre-trained checkpoint's body; saves the fine-tuned model. */
    public FineTuned fineTune(ExperimentConfig config, ExperimentData data, Path pretrainedCheckpoint, Path checkpointDir) throws IOException {
        AmiTask task = amiTask(config, data);
        Objective objective = task.objective();
        try (Model model = Model.newInstance(config.name() + "-transfer", "PyTorch")) {
            Checkpoint.Loaded loaded;
            try {
                loaded = Checkpoint.load(pretrainedCheckpoint, model.getNDManager());
            } catch (CheckpointException e) {
                throw new IOException("cannot fine-tune from " + pretrainedCheckpoint + ": " + e.getMessage(), e);
            }
            if (!loaded.network().architecture().equals(config.architecture())) {
                throw new IllegalArgumentException("the pre-trained checkpoint is " + loaded.network().architecture() + ", the experiment " + config.architecture());
            }
            EcgNetwork network = loaded.network().withHead(objective.head());
            NetworkTrainer stage2 = trainer(config, config.stage2());
            stage2.initializeHead(network, model.getNDManager(), config.stage2());
            List<StageResult> stages = new ArrayList<>();
            stages.add(stage2.train(model, network, objective, task.train(), task.validation(), config.stage2()));
            stages.add(trainer(config, config.stage3()).train(model, network, objective, task.train(), task.validation(), config.stage3()));
            ModelEvaluation evaluation = Evaluator.evaluate(config.name() + "-transfer", network, signals, data.validation(),
                    data.randomTest(), data.temporalTest(), config);
            Path saved = save(checkpointDir, config.name() + "-transfer", network, data, evaluation,
                    new ModelManifest.Parent(loaded.manifest().modelId(), loaded.sha256()));
            return new FineTuned(saved, stages, evaluation);
        }
    }

    /**
     * Continuous fine-tuning: the released model itself (body and AMI head) trains on for stage 3's budget (everything
     * unfrozen, stage 3's constant small rate, early stopping on validation AUC) with the labelled visits as they are
     * now. What a training cycle with task {@code champion} does between the full pre-train-and-transfer runs.
     */
    public FineTuned continueFrom(ExperimentConfig config, ExperimentData data, Path released, Path checkpointDir) throws IOException {
        try (Model model = Model.newInstance(config.name() + "-continued", "PyTorch")) {
            Checkpoint.Loaded loaded;
            try {
                loaded = Checkpoint.load(released, model.getNDManager());
            } catch (CheckpointException e) {
                throw new IOException("cannot continue from " + released + ": " + e.getMessage(), e);
            }
            EcgNetwork network = loaded.network();
            boolean auxiliary = network.head() instanceof Head.TransferAndMeasurements;
            if (!auxiliary && !(network.head() instanceof Head.NystromTransfer)) {
                throw new IllegalArgumentException(released + " is not an AMI model (head " + network.head().id() + ")");
            }
            // the released model's head decides the task: its outputs are what it was trained to give (auxiliary measurements
            // at the recipe's weight, or 1 when the recipe names none, e.g. the training service's continuous cycle)
            double weight = config.recipe().auxiliaryMeasurements();
            Recipe recipe = config.recipe().withAuxiliaryMeasurements(!auxiliary ? 0 : weight > 0 ? weight : 1);
            if (network.head() instanceof Head.TransferAndMeasurements t && t.measurements() != org.edtriage.ecg.signal.EcgFeatures.size()) {
                throw new IllegalArgumentException(released + " regresses " + t.measurements() + " measurements, the delineator now makes "
                        + org.edtriage.ecg.signal.EcgFeatures.size() + ": train it anew");
            }
            AmiTask task = amiTask(config.withRecipe(recipe), data);
            StageResult stage = trainer(config, config.stage3()).train(model, network, task.objective(), task.train(), task.validation(), config.stage3());
            ModelEvaluation evaluation = Evaluator.evaluate(config.name() + "-continued", network, signals, data.validation(),
                    data.randomTest(), data.temporalTest(), config);
            Path saved = save(checkpointDir, config.name() + "-continued", network, data, evaluation,
                    new ModelManifest.Parent(loaded.manifest().modelId(), loaded.sha256()));
            return new FineTuned(saved, List.of(stage), evaluation);
        }
    }

    /** What the AMI stages train on: the objective and the training and validation visits with its targets. */
    record AmiTask(Objective objective, LabelledSet train, LabelledSet validation) {
    }

    /**
     * AMI alone, or (recipe {@code auxiliaryMeasurements} > 0) AMI with the ECGs' own measurements beside it, standardised
     * on the training visits — measured by the feature model's delineator, no label needed.
     */
    private AmiTask amiTask(ExperimentConfig config, ExperimentData data) throws IOException {
        Recipe recipe = config.recipe();
        if (recipe.auxiliaryMeasurements() == 0) {
            return new AmiTask(new Objective.Ami(new Head.NystromTransfer(), recipe.positiveWeight()), data.train(), data.validation());
        }
        try (PreparedSignals features = new PreparedSignals(signals.store(), FeatureModel.contract())) {
            progress.message("auxiliary task: measuring " + (data.train().size() + data.validation().size()) + " training and validation ECGs");
            MeasurementTargets targets = MeasurementTargets.fit(features, data.train());
            return new AmiTask(new Objective.AmiAndMeasurements(org.edtriage.ecg.signal.EcgFeatures.size(), recipe.positiveWeight(),
                    recipe.auxiliaryMeasurements()), targets.besideLabels(features, data.train()), targets.besideLabels(features, data.validation()));
        }
    }

    /** A fine-tuned (or scratch) model on disk with its stages and evaluation. */
    public record FineTuned(Path checkpoint, List<StageResult> stages, ModelEvaluation evaluation) {
    }

    /** The baseline: random weights, the transfer head, stage 2 + 3's epoch budget. */
    public FineTuned scratch(ExperimentConfig config, ExperimentData data, Path checkpointDir) throws IOException {
        AmiTask task = amiTask(config, data);
        EcgNetwork network = Architectures.build(config.architecture(), task.objective().head());
        try (Model model = Model.newInstance(config.name() + "-scratch", "PyTorch")) {
            NetworkTrainer trainer = trainer(config, config.scratch());
            trainer.initialize(network, model.getNDManager(), config.scratch());
            StageResult stage = trainer.train(model, network, task.objective(), task.train(), task.validation(), config.scratch());
            ModelEvaluation evaluation = Evaluator.evaluate(config.name() + "-scratch", network, signals, data.validation(),
                    data.randomTest(), data.temporalTest(), config);
            Path saved = save(checkpointDir, config.name() + "-scratch", network, data, evaluation, null);
            return new FineTuned(saved, List.of(stage), evaluation);
        }
    }

    /**
     * The mean of {@code members} (trained on {@code data} alike, from different seeds) as one model: evaluated on the same
     * sets, its thresholds chosen on validation, saved as an ensemble checkpoint holding copies of the members'.
     */
    public FineTuned ensemble(ExperimentConfig config, ExperimentData data, List<FineTuned> members, Path checkpointDir) throws IOException {
        ModelEvaluation evaluation = Evaluator.mean(config.name(), members.stream().map(FineTuned::evaluation).toList(), data.validation(),
                data.randomTest(), data.temporalTest(), config);
        ModelManifest.TrainingData window = new ModelManifest.TrainingData(data.from(), data.to(), data.train().size(),
                patients(data.train()).size(), "target: " + data.description());
        try {
            ModelManifest first = Checkpoint.readVerifiedManifest(members.get(0).checkpoint());
            Checkpoint.saveEnsemble(checkpointDir, members.stream().map(FineTuned::checkpoint).toList(), new ModelManifest(
                    ModelManifest.FORMAT_VERSION, config.name(), Checkpoint.ENSEMBLE, Checkpoint.MEAN_HEAD, first.contract(), window,
                    finite(evaluation.metrics()), thresholds(evaluation), null, Instant.now(), 0, null));
        } catch (CheckpointException e) {
            throw new IOException(e.getMessage(), e);
        }
        progress.message(String.format(java.util.Locale.ROOT, "%s: the mean of %d members, validation AUC %.3f", config.name(), members.size(),
                evaluation.validationAuc()));
        List<StageResult> stages = members.stream().flatMap(m -> m.stages().stream()).toList();
        return new FineTuned(checkpointDir, stages, evaluation);
    }

    /**
     * The floor: the feature model (gradient-boosted trees on median-beat measurements, {@link FeatureModelTrainer})
     * on the same training, validation and test visits; saved as a checkpoint like any model.
     */
    public FineTuned featureModel(ExperimentConfig config, ExperimentData data, Path checkpointDir) throws IOException {
        long start = System.nanoTime();
        try (PreparedSignals features = new PreparedSignals(signals.store(), FeatureModel.contract())) {
            progress.message("feature model: measuring " + (data.train().size() + data.validation().size()) + " training and validation ECGs");
            FeatureModel model = FeatureModelTrainer.defaults(config.seed()).train(features, data.train(), data.validation());
            try (FeatureScorer scorer = new FeatureScorer(model, config.name() + "-features", "in training")) {
                ModelEvaluation evaluation = Evaluator.evaluate(config.name() + "-features", set -> Evaluator.probabilities(scorer, features, set),
                        data.validation(), data.randomTest(), data.temporalTest(), config);
                Map<String, Double> thresholds = thresholds(evaluation);
                ModelManifest.TrainingData window = new ModelManifest.TrainingData(data.from(), data.to(), data.train().size(),
                        patients(data.train()).size(), "target: " + data.description());
                Checkpoint.save(checkpointDir, model, new ModelManifest(ModelManifest.FORMAT_VERSION, config.name() + "-features",
                        FeatureModel.ARCHITECTURE, new Head.Binary().id(), ModelManifest.Contract.of(FeatureModel.contract()), window,
                        finite(evaluation.metrics()), thresholds, null, Instant.now(), 0, null));
                double seconds = (System.nanoTime() - start) / 1e9;
                progress.message(String.format(java.util.Locale.ROOT, "feature model: %d trees, validation AUC %.3f (%.0f s)",
                        model.trees(), evaluation.validationAuc(), seconds));
                StagePlan plan = new StagePlan("features", 1, 1, Schedule.constant(0), 0, false, 0);
                return new FineTuned(checkpointDir, List.of(new StageResult(plan, List.of(), model.trees(), evaluation.validationAuc(), "auc",
                        seconds, 0, false, false)), evaluation);
            }
        }
    }

    /** All of it: pre-train (unless the task is {@code none}), fine-tune, scratch baseline, and the feature model beside them. */
    public Result run(ExperimentConfig config, ExperimentData data, Path outDir) throws IOException {
        Path checkpoints = outDir.resolve("checkpoints");
        Pretrained pretrained = null;
        FineTuned transfer = null;
        if (!"none".equals(config.pretrainTask())) {
            pretrained = pretrain(config, data, checkpoints.resolve("pretrain"));
            transfer = fineTune(config, data, pretrained.checkpoint(), checkpoints.resolve("transfer"));
        }
        FineTuned scratch = scratch(config, data, checkpoints.resolve("scratch"));
        FineTuned floor = featureModel(config, data, checkpoints.resolve("feature-model"));
        return new Result(config, pretrained == null ? null : pretrained.stage(), pretrained == null ? Map.of() : pretrained.validationMetrics(),
                transfer == null ? List.of() : transfer.stages(), scratch.stages().get(0), transfer == null ? null : transfer.evaluation(),
                scratch.evaluation(), pretrained == null ? null : pretrained.checkpoint(), transfer == null ? null : transfer.checkpoint(),
                scratch.checkpoint(), floor.evaluation(), floor.checkpoint());
    }

    private static Map<String, Double> thresholds(ModelEvaluation evaluation) {
        Map<String, Double> thresholds = new java.util.LinkedHashMap<>();
        if (Double.isFinite(evaluation.thresholds().ruleOut())) {
            thresholds.put("ruleOut", evaluation.thresholds().ruleOut());
        }
        if (Double.isFinite(evaluation.thresholds().ruleIn())) {
            thresholds.put("ruleIn", evaluation.thresholds().ruleIn());
        }
        return thresholds;
    }

    private static Path save(Path dir, String id, EcgNetwork network, ExperimentData data, ModelEvaluation evaluation,
                             ModelManifest.Parent parent) throws IOException {
        Map<String, Double> thresholds = thresholds(evaluation);
        ModelManifest.TrainingData window = new ModelManifest.TrainingData(data.from(), data.to(), data.train().size(),
                patients(data.train()).size(), "target: " + data.description());
        Checkpoint.save(dir, network, manifest(id, network, window,
                evaluation.metrics(), thresholds, parent));
        return dir;
    }

    static ModelManifest manifest(String id, EcgNetwork network, ModelManifest.TrainingData data, Map<String, Double> metrics,
                                  Map<String, Double> thresholds, ModelManifest.Parent parent) {
        return new ModelManifest(ModelManifest.FORMAT_VERSION, id, network.architecture(), network.head().id(),
                ModelManifest.Contract.of(network.contract()), data, finite(metrics), thresholds, parent, Instant.now(), 0, null);
    }

    private static Map<String, Double> finite(Map<String, Double> metrics) {
        Map<String, Double> finite = new java.util.LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                finite.put(k, v);
            }
        });
        return finite;
    }

    static ModelManifest.TrainingData trainingData(LabelledSet set, String description) {
        // source ECGs carry no single window worth recording: the manifest keeps their count
        return new ModelManifest.TrainingData(null, null, set.size(), patients(set).size(), description);
    }

    static java.util.Set<String> patients(LabelledSet set) {
        return new HashSet<>(set.patientIds());
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    static Map<String, Double> prefixed(String prefix, Map<String, Double> metrics) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        metrics.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }
}
