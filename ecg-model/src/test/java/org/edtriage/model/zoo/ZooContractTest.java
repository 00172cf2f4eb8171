package org.edtriage.model.zoo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What issue 5 asks of every architecture: forward and backward, every head, freezing. */
class ZooContractTest {
    static final List<Head> HEADS = List.of(new Head.Regression(), new Head.Binary(), new Head.AgeSex(),
            new Head.NystromTransfer(), new Head.MultiLabel(5), new Head.TransferAndMeasurements(3));

    static List<String> architectures() {
        return Architectures.names();
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void runsForwardAndBackwardAndGivesEveryHeadItsShape(String name) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EcgNetwork net = Architectures.build(name, new Head.AgeSex());
            net.initialize(manager);
            NDArray input = manager.randomNormal(net.inputShape(2));

            // backward: every parameter of body and head gets a gradient
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = net.block().forward(new ParameterStore(manager, false), new NDList(input), true).singletonOrThrow();
                assertEquals(new Shape(2, 2), out.getShape());
                gc.backward(out.square().sum());
            }
            assertTrue(gradientNorm(net.body().getParameters().get(0).getValue()) > 0, name + ": the body's first layer learns");
            assertTrue(gradientNorm(lastWeight(net)) > 0, name + ": the head learns");

            for (Head head : HEADS) {
                EcgNetwork withHead = net.withHead(head);
                withHead.initializeHead(manager);
                NDArray out = withHead.block().forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow();
                assertEquals(new Shape(2, head.outputs()), out.getShape(), name + " with " + head.id());
                float[] values = out.toFloatArray();
                for (float v : values) {
                    assertTrue(Float.isFinite(v), name + " with " + head.id() + " gives " + v);
                }
                if (head instanceof Head.NystromTransfer || head instanceof Head.TransferAndMeasurements) {
                    for (int i = 0; i < values.length; i += head.outputs()) {
                        assertTrue(values[i] >= 0 && values[i] <= 1, "the transfer head ends in a sigmoid");
                    }
                }
                assertEquals(head, Head.parse(head.id()), "a manifest's head id builds the same head");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void freezingTheBodyStopsItsGradientsAndUnfreezingRestoresThem(String name) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EcgNetwork pretrained = Architectures.build(name, new Head.Regression());
            pretrained.initialize(manager);
            java.util.Map<String, String> bodyBefore = digests(pretrained);
            // a logit head: a sigmoid head on random weights can saturate, and a saturated sigmoid passes no
            // gradient at all (float32), which would look like a frozen head
            EcgNetwork transfer = pretrained.withHead(new Head.MultiLabel(3));
            transfer.initializeHead(manager);
            transfer.freezeBody(true);
            NDArray input = manager.randomNormal(transfer.inputShape(2)).mul(0.5);
            backward(manager, transfer, input);
            for (var p : transfer.body().getParameters()) {
                assertFalse(p.getValue().requiresGradient(), name + ": " + p.getKey() + " is frozen");
            }
            assertTrue(gradientNorm(lastWeight(transfer)) > 0, name + ": the head still learns while the body is frozen");

            transfer.freezeBody(false);
            backward(manager, transfer, input);
            assertTrue(gradientNorm(transfer.body().getParameters().get(0).getValue()) > 0, name + ": unfrozen, the body learns again");
            assertEquals(bodyBefore, digests(transfer), name + ": the pre-trained body is the same parameters, bit for bit, unchanged by the head swap");
        }
    }

    /**
     * Name → SHA-256 of the bits of every trainable body parameter: exact, and no reduction whose order a CPU could
     * change. Batch norm's running statistics are left out: a training-mode forward pass updates them even in a
     * frozen body (PyTorch semantics; Keras would run a frozen batch norm in inference mode — see the README).
     */
    private static java.util.Map<String, String> digests(EcgNetwork net) {
        java.util.Map<String, String> digests = new java.util.TreeMap<>();
        for (var p : net.body().getParameters()) {
            if (p.getValue().getType() == Parameter.Type.RUNNING_MEAN || p.getValue().getType() == Parameter.Type.RUNNING_VAR) {
                continue;
            }
            try {
                java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                sha.update(p.getValue().getArray().toByteArray());
                digests.put(p.getKey(), java.util.HexFormat.of().formatHex(sha.digest()));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return digests;
    }

    private static void backward(NDManager manager, EcgNetwork net, NDArray input) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = net.block().forward(new ParameterStore(manager, false), new NDList(input), true).singletonOrThrow();
            gc.backward(out.sum());
        }
    }

    private static Parameter lastWeight(EcgNetwork net) {
        Parameter last = null;
        for (var p : net.block().getParameters()) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                last = p.getValue();
            }
        }
        return last;
    }

    private static double gradientNorm(Parameter p) {
        if (p == null || !p.requiresGradient()) {
            return 0;
        }
        return p.getArray().getGradient().abs().sum().getFloat();
    }
}
