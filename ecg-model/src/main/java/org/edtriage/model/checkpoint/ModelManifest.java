package org.edtriage.model.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.edtriage.ecg.signal.InputContract;
import org.edtriage.ecg.signal.Windowing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json}: everything needed to rebuild, trust and use a checkpoint without the code that
 * trained it — which architecture and head, the input contract its preprocessing must meet, what data
 * it was trained on, how it scored, the thresholds its alerts use, and which checkpoint it was
 * fine-tuned from.
 *
 * @param formatVersion  {@link #FORMAT_VERSION}; a reader refuses versions it does not know
 * @param modelId        a name for this checkpoint, unique in a model store (e.g. {@code rn900k-ami-2026-11-22T0530Z})
 * @param architecture   a name from {@code Architectures.names()}, {@code FeatureModel.ARCHITECTURE} or {@code Checkpoint.ENSEMBLE}
 * @param head           {@code Head.id()}: {@code binary}, {@code nystromtransfer}, {@code multilabel:5}, …
 * @param contract       the preprocessing the network was trained behind
 * @param trainingData   the data window it was trained on (null for an untrained network)
 * @param metrics        named evaluation figures, e.g. {@code auc.temporalTest}
 * @param thresholds     named probability thresholds, e.g. {@code ruleIn}, {@code ruleOut}
 * @param parent         the checkpoint this one was fine-tuned from (null for training from scratch)
 * @param trainableParameters a cross-check made again at load
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(int formatVersion, String modelId, String architecture, String head, Contract contract,
                            TrainingData trainingData, Map<String, Double> metrics, Map<String, Double> thresholds,
                            Parent parent, Instant createdAt, long trainableParameters, String framework) {

    public static final int FORMAT_VERSION = 1;

    public ModelManifest {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        thresholds = thresholds == null ? Map.of() : Map.copyOf(thresholds);
    }

    /**
     * The input contract as written in the manifest. {@code beatBefore}/{@code beatAfter} and {@code representation}
     * are absent for the signal-only networks written before they existed (and for those now).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Contract(List<String> leads, double samplingRateHz, int samples, String padding, String normalisation,
                           Integer windowSamples, Integer inferenceWindows, Integer beatBefore, Integer beatAfter, String representation) {

        public static Contract of(InputContract c) {
            Windowing w = c.windowing();
            InputContract.BeatInput b = c.beat();
            return new Contract(c.leads(), c.samplingRateHz(), c.samples(), c.padding().name(), c.normalisation().name(),
                    w == null ? null : w.windowSamples(), w == null ? null : w.inferenceWindows(),
                    b == null ? null : b.before(), b == null ? null : b.after(),
                    c.representation() == InputContract.Representation.SIGNAL ? null : c.representation().name());
        }

        public InputContract toInputContract() {
            return new InputContract(leads, samplingRateHz, samples, InputContract.Padding.valueOf(padding),
                    InputContract.Normalisation.valueOf(normalisation),
                    windowSamples == null ? null : new Windowing(windowSamples, inferenceWindows),
                    beatBefore == null ? null : new InputContract.BeatInput(beatBefore, beatAfter),
                    representation == null ? InputContract.Representation.SIGNAL : InputContract.Representation.valueOf(representation));
        }
    }

    /** The training data: its time window (acquisition times) and size. */
    public record TrainingData(Instant from, Instant to, long ecgs, long patients, String description) {
    }

    /** The checkpoint a fine-tuned model started from, by id and digest. */
    public record Parent(String modelId, String sha256) {
    }
}
