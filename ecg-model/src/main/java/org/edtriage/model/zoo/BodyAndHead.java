package org.edtriage.model.zoo;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Body then head, with one switch the papers' Keras code has and PyTorch lacks: during the frozen
 * stage of transfer learning the body runs in inference mode (batch norm uses its running statistics
 * and does not update them, dropout is off) while the head trains. A plain frozen PyTorch body would
 * still normalise with batch statistics and drift its running statistics towards the small target
 * set. Serialised exactly like a {@link SequentialBlock}, so checkpoints do not depend on the switch.
 */
final class BodyAndHead extends SequentialBlock {
    private volatile boolean bodyInInferenceMode;

    BodyAndHead(Block body, Block head) {
        add(body);
        add(head);
    }

    void bodyInInferenceMode(boolean inference) {
        this.bodyInInferenceMode = inference;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        Block body = getChildren().get(0).getValue();
        Block head = getChildren().get(1).getValue();
        NDList features = body.forward(parameterStore, inputs, training && !bodyInInferenceMode, params);
        return head.forward(parameterStore, features, training, params);
    }
}
