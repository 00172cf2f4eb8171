package org.edtriage.model.zoo;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;

/**
 * What a network body is trained to predict. Heads output logits or raw values; the sigmoid of the
 * binary outputs belongs to the loss (BCE with logits, numerically stable) and to the scorer, except
 * for the Nyström transfer head, whose sigmoid is part of its published definition.
 */
public sealed interface Head permits Head.Regression, Head.Binary, Head.AgeSex, Head.NystromTransfer, Head.MultiLabel, Head.Values,
        Head.TransferAndMeasurements {

    /** The head's layers, applied to the body's output features. */
    Block build();

    /** Number of outputs per ECG. */
    int outputs();

    /** What each output is, in order: how to turn it into a probability, how to average it over windows. */
    java.util.List<Output> outputKinds();

    /** What one output of a head means. */
    enum Output {
        /** A log-odds: the probability is its sigmoid. */
        LOGIT,
        /** Already a probability (the Nyström transfer head ends in a sigmoid). */
        PROBABILITY,
        /** A quantity, e.g. age in years. */
        VALUE
    }

    /** The manifest name of the head: its record name, with the label count for multi-label heads. */
    default String id() {
        if (this instanceof MultiLabel m) {
            return "multilabel:" + m.labels();
        }
        if (this instanceof Values v) {
            return "values:" + v.count();
        }
        if (this instanceof TransferAndMeasurements t) {
            return TransferAndMeasurements.ID_PREFIX + t.measurements();
        }
        return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /** The head a manifest names, e.g. {@code binary}, {@code nystromtransfer}, {@code multilabel:5}. */
    static Head parse(String id) {
        String lower = id.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("multilabel:")) {
            return new MultiLabel(Integer.parseInt(lower.substring("multilabel:".length())));
        }
        if (lower.startsWith("values:")) {
            return new Values(Integer.parseInt(lower.substring("values:".length())));
        }
        if (lower.startsWith(TransferAndMeasurements.ID_PREFIX)) {
            return new TransferAndMeasurements(Integer.parseInt(lower.substring(TransferAndMeasurements.ID_PREFIX.length())));
        }
        switch (lower) {
            case "regression":
                return new Regression();
            case "binary":
                return new Binary();
            case "agesex":
                return new AgeSex();
            case "nystromtransfer":
                return new NystromTransfer();
            default:
                throw new IllegalArgumentException("unknown head '" + id
                        + "'; known: regression, binary, agesex, nystromtransfer, multilabel:K, values:K, "
                        + TransferAndMeasurements.ID_PREFIX + "K");
        }
    }

    /** Age (years): one linear output, trained with L1. */
    record Regression() implements Head {
        public Block build() {
            return Linear.builder().setUnits(1).build();
        }

        public java.util.List<Output> outputKinds() {
            return java.util.List.of(Output.VALUE);
        }

        public int outputs() {
            return 1;
        }
    }

    /** Sex or AMI: one logit, trained with BCE. */
    record Binary() implements Head {
        public Block build() {
            return Linear.builder().setUnits(1).build();
        }

        public java.util.List<Output> outputKinds() {
            return java.util.List.of(Output.LOGIT);
        }

        public int outputs() {
            return 1;
        }
    }

    /** Age and sex together (Nyström's combined pre-training, loss BCE + 0.045 × L1): [age, sex logit]. */
    record AgeSex() implements Head {
        public Block build() {
            return Linear.builder().setUnits(2).build();
        }

        public java.util.List<Output> outputKinds() {
            return java.util.List.of(Output.VALUE, Output.LOGIT);
        }

        public int outputs() {
            return 2;
        }
    }

    /** Nyström et al.'s transfer head: FC 100 → ReLU → dropout 0.3 → FC 1 → sigmoid. */
    record NystromTransfer() implements Head {
        public Block build() {
            return new SequentialBlock()
                    .add(Linear.builder().setUnits(100).build())
                    .add(Activation::relu)
                    .add(Dropout.builder().optRate(0.3f).build())
                    .add(Linear.builder().setUnits(1).build())
                    .add(Activation::sigmoid);
        }

        public java.util.List<Output> outputKinds() {
            return java.util.List.of(Output.PROBABILITY);
        }

        public int outputs() {
            return 1;
        }
    }

    /** Nguyen & Do's multi-label diagnosis: k logits (sigmoid per label in the loss). */
    record MultiLabel(int labels) implements Head {
        public MultiLabel {
            if (labels < 1) {
                throw new IllegalArgumentException("a multi-label head needs at least one label");
            }
        }

        public java.util.List<Output> outputKinds() {
            return java.util.Collections.nCopies(labels, Output.LOGIT);
        }

        public Block build() {
            return Linear.builder().setUnits(labels).build();
        }

        public int outputs() {
            return labels;
        }
    }

    /**
     * K outputs, one linear layer: what a pretext task regresses (the ECG's own measurements, with age and a sex
     * logit at the end for the combined task, or a contrastive embedding). Never scored as AMI.
     */
    record Values(int count) implements Head {
        public Values {
            if (count < 1) {
                throw new IllegalArgumentException("a values head needs at least one output");
            }
        }

        public java.util.List<Output> outputKinds() {
            return java.util.Collections.nCopies(count, Output.VALUE);
        }

        public Block build() {
            return Linear.builder().setUnits(count).build();
        }

        public int outputs() {
            return count;
        }
    }

    /**
     * Nyström et al.'s transfer head for AMI beside a linear layer that reads the ECG's own {@code measurements} off the
     * same body features (multi-task fine-tuning: an auxiliary loss on the measurements keeps the body encoding ST, T, Q
     * and QRS morphology while a few hundred AMIs train it). Outputs {@code [P(AMI), measurements…]}: the first is what
     * every scorer reads, the rest are never scored.
     */
    record TransferAndMeasurements(int measurements) implements Head {
        static final String ID_PREFIX = "nystromtransfer+values:";

        public TransferAndMeasurements {
            if (measurements < 1) {
                throw new IllegalArgumentException("an auxiliary measurement head needs at least one output");
            }
        }

        public Block build() {
            return new ai.djl.nn.ParallelBlock(list -> new ai.djl.ndarray.NDList(
                    list.get(0).singletonOrThrow().concat(list.get(1).singletonOrThrow(), 1)),
                    java.util.List.of(new NystromTransfer().build(), Linear.builder().setUnits(measurements).build()));
        }

        public java.util.List<Output> outputKinds() {
            java.util.List<Output> kinds = new java.util.ArrayList<>();
            kinds.add(Output.PROBABILITY);
            kinds.addAll(java.util.Collections.nCopies(measurements, Output.VALUE));
            return java.util.List.copyOf(kinds);
        }

        public int outputs() {
            return 1 + measurements;
        }
    }
}
