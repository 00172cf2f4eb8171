package org.edtriage.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;

import java.util.Random;

/**
 * Checks, once per process, that the engine's 1-d convolutions compute what they should on this CPU, before a network
 * trains or scores. PyTorch 2.5.1's oneDNN AVX-512 kernels give wrong batched convolutions on AMD Zen 5 (EPYC 9005,
 * CPU family 26): CNN-20k's second convolution (28 → 8 channels, kernel 17, 333 samples, batch 4) is off by 1.56 on
 * outputs of scale 8 (seen 2026-12-01), while one ECG at a time is right. Capped at AVX2 (or AVX) the convolutions are
 * right, but the deeper ResNets now and then predict NaN from bit-identical parameters; capped at SSE4.1 neither was
 * seen. Every alert would be computed with wrong arithmetic, silently; so the build, {@code ./triage} and the
 * Kubernetes manifests set {@code ONEDNN_MAX_CPU_ISA=SSE41}, and this probe refuses to go on where the convolutions
 * are wrong (it cannot catch an intermittent NaN; the scorer's smoke test refuses a model that gives one on its flat ECG).
 *
 * <p>The probe runs the zoo's convolution shapes on a batch of four seeded inputs and compares them with a
 * double-precision convolution written out here. A float32 sum of a few hundred products is off by ~1e-6 of its scale;
 * the wrong kernel by ~0.2; the bound, 1e-3, lies between them by orders of magnitude either way.
 */
public final class KernelProbe {
    /** Relative error (of the largest output) beyond which a kernel is wrong, not merely rounded differently. */
    static final double TOLERANCE = 1e-3;
    public static final String CAP = "ONEDNN_MAX_CPU_ISA";

    /** One convolution shape: batch, channels in and out, kernel, padding, stride, input length. */
    record Case(String name, int batch, int in, int out, int kernel, int padding, int stride, int length) {
    }

    static final Case[] CASES = {
            new Case("CNN-20k second convolution", 4, 28, 8, 17, 8, 1, 333),
            new Case("CNN-20k first convolution", 2, 8, 28, 61, 30, 1, 1250),
            new Case("RN-900k stem", 4, 8, 32, 25, 12, 10, 1250),
            new Case("RN-900k bottleneck", 4, 64, 64, 5, 2, 1, 63),
            new Case("median-beat branch", 4, 8, 16, 7, 3, 1, 300),
    };

    private static volatile String verdict;

    private KernelProbe() {
    }

    /** Throws, with what to do, when the engine's convolutions are wrong on this CPU; the first call probes, later ones recall. */
    public static void verify() {
        String v = verdict;
        if (v == null) {
            synchronized (KernelProbe.class) {
                if (verdict == null) {
                    verdict = probe();
                }
                v = verdict;
            }
        }
        if (!v.isEmpty()) {
            throw new IllegalStateException(v);
        }
    }

    /** An empty string when every case is right, else what is wrong and what to do. */
    static String probe() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Random random = new Random(2026);
            for (Case c : CASES) {
                double error = relativeError(c, manager, random);
                if (!(error <= TOLERANCE)) {
                    return String.format(java.util.Locale.ROOT, "the engine's convolutions are wrong on this CPU (%s: relative error %.3g, more than %.0e; "
                            + "%s=%s): PyTorch's oneDNN AVX kernels are known to be wrong on AMD Zen 5; start the process with %s=SSE41",
                            c.name(), error, TOLERANCE, CAP, System.getenv(CAP) == null ? "unset" : System.getenv(CAP), CAP);
                }
            }
            return "";
        }
    }

    static double relativeError(Case c, NDManager manager, Random random) {
        float[] x = gaussian(random, c.batch() * c.in() * c.length(), 1);
        float[] w = gaussian(random, c.out() * c.in() * c.kernel(), 1 / Math.sqrt(c.in() * c.kernel()));
        NDArray input = manager.create(x, new Shape(c.batch(), c.in(), c.length()));
        NDArray weight = manager.create(w, new Shape(c.out(), c.in(), c.kernel()));
        NDArray y = Conv1d.conv1d(input, weight, manager.zeros(new Shape(c.out())), new Shape(c.stride()), new Shape(c.padding()),
                new Shape(1), 1).singletonOrThrow();
        int outLength = (int) y.getShape().get(2);
        float[] got = y.toFloatArray();
        double worst = 0, scale = 0;
        for (int b = 0; b < c.batch(); b++) {
            for (int o = 0; o < c.out(); o++) {
                for (int p = 0; p < outLength; p++) {
                    double ref = 0;
                    for (int i = 0; i < c.in(); i++) {
                        for (int k = 0; k < c.kernel(); k++) {
                            int q = p * c.stride() + k - c.padding();
                            if (q >= 0 && q < c.length()) {
                                ref += (double) x[(b * c.in() + i) * c.length() + q] * w[(o * c.in() + i) * c.kernel() + k];
                            }
                        }
                    }
                    worst = Math.max(worst, Math.abs(got[(b * c.out() + o) * outLength + p] - ref));
                    scale = Math.max(scale, Math.abs(ref));
                }
            }
        }
        return worst / scale;
    }

    private static float[] gaussian(Random random, int n, double sd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * sd);
        }
        return v;
    }
}
