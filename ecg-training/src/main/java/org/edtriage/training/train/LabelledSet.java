package org.edtriage.training.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * ECGs with what a network should predict for each (age, sex, AMI, diagnostic labels), plus the
 * patient of each for reports. Targets are per ECG, one float per network output.
 */
public record LabelledSet(String name, List<String> ecgIds, List<String> patientIds, float[][] targets) {
    public LabelledSet {
        if (ecgIds.size() != targets.length || patientIds.size() != targets.length) {
            throw new IllegalArgumentException(name + ": " + ecgIds.size() + " ECGs, " + patientIds.size() + " patients, " + targets.length + " targets");
        }
        ecgIds = List.copyOf(ecgIds);
        patientIds = List.copyOf(patientIds);
    }

    public int size() {
        return ecgIds.size();
    }

    /** Target {@code output} of every ECG, e.g. the AMI labels as booleans for the AUC. */
    public boolean[] positives(int output) {
        boolean[] out = new boolean[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = targets[i][output] > 0.5f;
        }
        return out;
    }

    public float[] column(int output) {
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = targets[i][output];
        }
        return out;
    }

    /** A shuffled order of the examples for one epoch. */
    public List<Integer> shuffledOrder(Random random) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, size()).boxed().toList());
        Collections.shuffle(order, random);
        return order;
    }
}
