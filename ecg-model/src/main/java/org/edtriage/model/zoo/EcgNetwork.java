package org.edtriage.model.zoo;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.initializer.XavierInitializer;
import org.edtriage.ecg.signal.InputContract;

import java.util.function.Supplier;

/**
 * An architecture as a body (everything that turns an ECG into features) and a replaceable head,
 * with the input contract its preprocessing must meet. Transfer learning is: build with a
 * pre-training head, train, {@link #withHead(Head)} for the target task, {@link #freezeBody(boolean)}
 * for the first fine-tuning stage, unfreeze for the second.
 */
public final class EcgNetwork {
    private final String architecture;
    private final InputContract contract;
    private final Supplier<Block> bodyFactory;
    private final Block body;
    private final Head head;
    private final Block headBlock;
    private final SequentialBlock block;

    EcgNetwork(String architecture, InputContract contract, Supplier<Block> bodyFactory, Head head) {
        this(architecture, contract, bodyFactory, bodyFactory.get(), head);
    }

    private EcgNetwork(String architecture, InputContract contract, Supplier<Block> bodyFactory, Block body, Head head) {
        this.architecture = architecture;
        this.contract = contract;
        this.bodyFactory = bodyFactory;
        this.body = body;
        this.head = head;
        this.headBlock = head.build();
        this.block = new SequentialBlock().add(body).add(headBlock);
    }

    public String architecture() {
        return architecture;
    }

    public InputContract contract() {
        return contract;
    }

    public Head head() {
        return head;
    }

    public Block body() {
        return body;
    }

    /** The whole network (body then head): what a DJL Model is given. */
    public Block block() {
        return block;
    }

    /** The same body (same parameters, once initialised) under a new head, as transfer learning needs. */
    public EcgNetwork withHead(Head newHead) {
        return new EcgNetwork(architecture, contract, bodyFactory, body, newHead);
    }

    /** Stops (or restarts) gradient updates of the body: stage 2 of the three-stage transfer freezes it. */
    public void freezeBody(boolean frozen) {
        body.freezeParameters(frozen);
    }

    /** Initialises every parameter for a batch of the contract's input shape. */
    public void initialize(NDManager manager) {
        block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, inputShape(1));
    }

    /** Initialises only the head, for the body's output: the (pre-trained) body keeps its parameters. */
    public void initializeHead(NDManager manager) {
        Shape features = body.getOutputShapes(new Shape[]{inputShape(1)})[0];
        headBlock.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        headBlock.initialize(manager, DataType.FLOAT32, features);
    }

    public Shape inputShape(int batch) {
        return new Shape(batch, contract.leads().size(), contract.samples());
    }

    /** Batch norm's running mean and variance: not trained, but Keras' parameter count includes them. */
    public long runningStatistics() {
        long count = 0;
        for (var p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.getType() == Parameter.Type.RUNNING_MEAN || parameter.getType() == Parameter.Type.RUNNING_VAR) {
                count += parameter.getArray().getShape().size();
            }
        }
        return count;
    }

    /** Trainable parameters (weights, biases, batch-norm gamma/beta; not running statistics). */
    public long trainableParameters() {
        long count = 0;
        for (var p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.getType() == Parameter.Type.RUNNING_MEAN || parameter.getType() == Parameter.Type.RUNNING_VAR) {
                continue;
            }
            count += parameter.getArray().getShape().size();
        }
        return count;
    }
}
