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
public sealed interface Head permits Head.Regression, Head.Binary, Head.AgeSex, Head.NystromTransfer, Head.MultiLabel {

    /** The head's layers, applied to the body's output features. */
    Block build();

    /** Number of outputs per ECG. */
    int outputs();

    /** Age (years): one linear output, trained with L1. */
    record Regression() implements Head {
        public Block build() {
            return Linear.builder().setUnits(1).build();
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

        public int outputs() {
            return 1;
        }
    }

    /** Age and sex together (Nyström's combined pre-training, loss BCE + 0.045 × L1): [age, sex logit]. */
    record AgeSex() implements Head {
        public Block build() {
            return Linear.builder().setUnits(2).build();
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

        public int outputs() {
            return 1;
        }
    }

    /** Nguyen & Do's multi-label diagnosis: k logits (sigmoid per label in the loss). */
    record MultiLabel(int labels) implements Head {
        public Block build() {
            return Linear.builder().setUnits(labels).build();
        }

        public int outputs() {
            return labels;
        }
    }
}
