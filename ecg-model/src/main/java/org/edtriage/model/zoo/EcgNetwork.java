package org.edtriage.model.zoo;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
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
    private final BodyAndHead bodyAndHead;
    private final Block block;

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
        this.bodyAndHead = new BodyAndHead(body, headBlock);
        this.block = contract.windowing() == null ? bodyAndHead
                : new WindowAveraging(bodyAndHead, contract.windowing(), contract.samples(), head.outputKinds(), WINDOW_SEED);
    }

    /** Training crops are drawn from a fixed seed so that a run is reproducible. */
    private static final long WINDOW_SEED = 20_240_101L;

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

    /**
     * The whole network (body then head, inside the crop-and-average of a windowed contract): what a DJL
     * Model is given. Its input is {@link #inputShape(int)}.
     */
    public Block block() {
        return block;
    }

    /** The same body (same parameters, once initialised) under a new head, as transfer learning needs. */
    public EcgNetwork withHead(Head newHead) {
        return new EcgNetwork(architecture, contract, bodyFactory, body, newHead);
    }

    /** Stops (or restarts) gradient updates of the body: stage 2 of the three-stage transfer freezes it. */
    public void freezeBody(boolean frozen) {
        // Only trainable parameters: batch norm's running statistics never take gradients (PyTorch refuses
        // a running mean that requires one), so unfreezing must not touch them.
        for (var p : body.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.getType() != Parameter.Type.RUNNING_MEAN && parameter.getType() != Parameter.Type.RUNNING_VAR) {
                parameter.freeze(frozen);
            }
        }
    }

    /**
     * Runs the body in inference mode even in a training forward (batch norm on running statistics, no
     * dropout), as Keras does for a frozen base model: stage 2 of the transfer, together with
     * {@link #freezeBody(boolean)}.
     */
    public void bodyInInferenceMode(boolean inference) {
        bodyAndHead.bodyInInferenceMode(inference);
    }

    /** The head's layers (to run it alone, or count its parameters). */
    public Block headBlock() {
        return headBlock;
    }

    /**
     * Recomputes every batch-norm layer's running statistics with the weights as they are now ("precise
     * BN", Wu & Johnson 2021). During training the running averages mix statistics of many past weights;
     * after large steps they no longer describe the current network, and an inference-mode validation then
     * swings from epoch to epoch although the training loss falls smoothly (seen with RN-900k). Each batch
     * runs a training-mode forward without gradients; its own statistics are recovered from the layer's
     * exponential update (DJL's default momentum, which every batch norm of the zoo uses) and the running
     * statistics end as the plain average over all {@code batches}.
     *
     * @return the number of batches used (0 when the network has no batch norm)
     */
    public int recomputeBatchNormStatistics(NDManager manager, java.util.Iterator<ai.djl.ndarray.NDArray> batches) {
        java.util.List<ai.djl.ndarray.NDArray> running = new java.util.ArrayList<>();
        for (var p : block.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR) {
                running.add(p.getValue().getArray());
            }
        }
        if (running.isEmpty()) {
            return 0;
        }
        float keep = BATCH_NORM_MOMENTUM;
        float[][] averages = new float[running.size()][];
        int used = 0;
        while (batches.hasNext()) {
            float[][] before = new float[running.size()][];
            for (int i = 0; i < running.size(); i++) {
                before[i] = running.get(i).toFloatArray();
            }
            try (NDManager batch = manager.newSubManager()) {
                ai.djl.ndarray.NDArray x = batches.next();
                x.attach(batch);
                block.forward(new ai.djl.training.ParameterStore(batch, false), new ai.djl.ndarray.NDList(x), true);
            }
            used++;
            for (int i = 0; i < running.size(); i++) {
                // running = keep·before + (1 − keep)·batch  ⇒  batch = (running − keep·before) / (1 − keep)
                float[] after = running.get(i).toFloatArray();
                if (averages[i] == null) {
                    averages[i] = new float[after.length];
                }
                for (int c = 0; c < after.length; c++) {
                    float ofBatch = (after[c] - keep * before[i][c]) / (1 - keep);
                    averages[i][c] += (ofBatch - averages[i][c]) / used;
                }
            }
        }
        if (used > 0) {
            for (int i = 0; i < running.size(); i++) {
                running.get(i).set(averages[i]);
            }
        }
        return used;
    }

    /** DJL's BatchNorm default: running = 0.9·running + 0.1·batch (no zoo network sets another). */
    static final float BATCH_NORM_MOMENTUM = 0.9f;

    /** Initialises every parameter for a batch of the contract's input shape. */
    public void initialize(NDManager manager) {
        block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, inputShape(1));
    }

    /** Initialises only the head, for the body's output: the (pre-trained) body keeps its parameters. */
    public void initializeHead(NDManager manager) {
        headBlock.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        // Through the whole block, not the head alone: DJL initialises (in a training forward) any block it
        // finds without input shapes, and the new outer block has none yet. Parameter initialisation is
        // idempotent, so the trained body keeps its values.
        block.initialize(manager, DataType.FLOAT32, inputShape(1));
    }

    /** What the network takes: the prepared ECGs of the contract. */
    public Shape inputShape(int batch) {
        return new Shape(batch, contract.rows(), contract.columns());
    }

    /** What the body sees: the whole input, or one window of the rhythm (and the median beat) for a windowed contract. */
    public Shape bodyInputShape(int batch) {
        int beat = contract.beat() == null ? 0 : contract.beat().samples();
        int samples = contract.windowing() == null ? contract.columns() : contract.windowing().windowSamples() + beat;
        return new Shape(batch, contract.rows(), samples);
    }

    /** The number of features the body hands to the head. */
    public long features() {
        return body.getOutputShapes(new Shape[]{bodyInputShape(1)})[0].get(1);
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
