package org.edtriage.load.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import org.edtriage.model.NetworkScorer;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.FlopCounter;
import org.edtriage.model.zoo.Head;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntSupplier;

/**
 * Speed of every zoo architecture on this machine: FLOPs per ECG (counted by {@link FlopCounter}), inference
 * ECGs/s through the pooled {@link NetworkScorer} at batch 1 and 32, the FLOP/s that is, as a fraction of the
 * CPU's peak — both the nominal peak (cores × clock × FP32 FLOPs per cycle from the CPU's vector units) and
 * the peak PyTorch itself reaches on a large matrix product in this run — and training samples/s at batch 64
 * (forward, backward, Adam step; BCE on one logit).
 *
 * <p>{@code java -cp "load-tests/target/load-tests.jar:load-tests/target/lib/*" org.edtriage.load.bench.ZooBenchmark [seconds per figure] [architecture ...]}
 */
public final class ZooBenchmark {
    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        List<String> names = args.length > 1 ? List.of(args).subList(1, args.length) : Architectures.names();
        Engine engine = Engine.getEngine("PyTorch");
        String device = engine.defaultDevice().toString();
        int cores = Runtime.getRuntime().availableProcessors();
        double nominal = nominalPeak(cores);
        double gemm = gemmPeak(seconds);
        System.out.printf(Locale.ROOT, "device %s, %d cores; nominal FP32 peak %.0f GFLOP/s (%s); PyTorch 2048² matmul %.0f GFLOP/s%n",
                device, cores, nominal / 1e9, nominalExplained(cores), gemm / 1e9);
        System.out.printf(Locale.ROOT, "%-12s %14s %10s %10s %9s %9s %10s%n",
                "model", "FLOPs/ECG", "ECG/s b=1", "ECG/s b=32", "%gemm b32", "%nominal", "train/s b64");
        for (String name : names) {
            EcgNetwork net = Architectures.build(name, new Head.Binary());
            Random random = new Random(1);
            try (NetworkScorer scorer = NetworkScorer.of(net, name, "bench", 1)) {
                long flops = FlopCounter.perEcg(net);
                List<float[][]> one = inputs(net, 1, random);
                List<float[][]> many = inputs(net, 32, random);
                double b1 = rate(seconds, () -> {
                    scorer.score(one);
                    return 1;
                });
                double b32 = rate(seconds, () -> {
                    scorer.score(many);
                    return 32;
                });
                double train = trainingRate(name, seconds);
                double flopRate = b32 * flops;
                System.out.printf(Locale.ROOT, "%-12s %,14d %10.1f %10.1f %8.1f%% %8.1f%% %10.1f%n",
                        name, flops, b1, b32, 100 * flopRate / gemm, 100 * flopRate / nominal, train);
            }
        }
    }

    /** Inputs per item per call, repeated until {@code seconds} have passed (at least 3 calls, after 1 warm-up). */
    static double rate(double seconds, IntSupplier call) {
        call.getAsInt();
        long items = 0;
        int calls = 0;
        long start = System.nanoTime();
        while (calls < 3 || System.nanoTime() - start < seconds * 1e9) {
            items += call.getAsInt();
            calls++;
        }
        return items / ((System.nanoTime() - start) / 1e9);
    }

    static double trainingRate(String name, double seconds) {
        EcgNetwork net = Architectures.build(name, new Head.Binary());
        try (Model model = Model.newInstance(name + "-train", "PyTorch")) {
            model.setBlock(net.block());
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(net.inputShape(64));
                NDManager manager = trainer.getManager();
                return rate(seconds, () -> {
                    try (NDManager step = manager.newSubManager()) {
                        NDArray x = step.randomNormal(net.inputShape(64));
                        NDArray y = step.randomInteger(0, 2, new Shape(64, 1), ai.djl.ndarray.types.DataType.INT32)
                                .toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
                        Batch batch = new Batch(step, new NDList(x), new NDList(y), 64, Batchifier.STACK, Batchifier.STACK, 0, 1);
                        EasyTrain.trainBatch(trainer, batch);
                        trainer.step();
                    }
                    return 64;
                });
            }
        }
    }

    static List<float[][]> inputs(EcgNetwork net, int n, Random random) {
        int leads = net.contract().rows(), samples = net.contract().columns();
        List<float[][]> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[][] x = new float[leads][samples];
            for (float[] lead : x) {
                for (int s = 0; s < samples; s++) {
                    lead[s] = (float) (0.3 * random.nextGaussian());
                }
            }
            inputs.add(x);
        }
        return inputs;
    }

    /** FLOP/s of a 2048 × 2048 FP32 matrix product in PyTorch on this machine: the practical peak. */
    static double gemmPeak(double seconds) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray a = manager.randomNormal(new Shape(2048, 2048));
            NDArray b = manager.randomNormal(new Shape(2048, 2048));
            double perCall = 2.0 * 2048 * 2048 * 2048;
            double calls = rate(seconds, () -> {
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0); // force completion
                }
                return 1;
            });
            return calls * perCall;
        }
    }

    /** cores × clock × FP32 FLOPs per cycle: 64 with AVX-512 (two FMA units), 32 with AVX2 FMA, 16 otherwise. */
    static double nominalPeak(int cores) {
        return cores * clockHz() * flopsPerCycle();
    }

    static String nominalExplained(int cores) {
        return String.format(Locale.ROOT, "%d × %.2f GHz × %d FLOPs/cycle", cores, clockHz() / 1e9, flopsPerCycle());
    }

    private static int flopsPerCycle() {
        String flags = cpuinfo("flags");
        return flags.contains("avx512f") ? 64 : flags.contains("fma") ? 32 : 16;
    }

    private static double clockHz() {
        String mhz = cpuinfo("cpu MHz");
        return mhz.isEmpty() ? 2.0e9 : Double.parseDouble(mhz.trim()) * 1e6;
    }

    private static String cpuinfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1);
                }
            }
        } catch (Exception ignored) {
            // not Linux: fall back to conservative defaults
        }
        return "";
    }
}
