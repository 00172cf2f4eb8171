package org.edtriage.model;

import org.edtriage.ecg.signal.InputContract;
import org.edtriage.model.checkpoint.Checkpoint;

import java.util.List;

/**
 * The mean of its members' probabilities. Networks trained alike from different seeds rank single ECGs differently,
 * and averaging them removes part of that seed-to-seed variance: on the ecg-training README's split the mean of three
 * networks on the measurements ranked AMIs as well as the trees where single ones did not (0.849 against 0.814–0.843),
 * though a mean is not always above its best member. Every member takes the same contract, so each ECG is prepared
 * once. Thread-safe when its members are.
 */
public final class EnsembleScorer implements EcgScorer {
    private final List<EcgScorer> members;
    private final String name;
    private final String version;

    public EnsembleScorer(List<EcgScorer> members, String name, String version) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least two members, got " + members.size());
        }
        for (EcgScorer m : members) {
            if (!m.contract().equals(members.get(0).contract())) {
                throw new IllegalArgumentException(m.modelName() + " takes " + m.contract() + ", " + members.get(0).modelName() + " "
                        + members.get(0).contract());
            }
        }
        this.members = List.copyOf(members);
        this.name = name;
        this.version = version;
    }

    public List<EcgScorer> members() {
        return members;
    }

    @Override
    public InputContract contract() {
        return members.get(0).contract();
    }

    @Override
    public String modelName() {
        return name;
    }

    @Override
    public String architecture() {
        return Checkpoint.ENSEMBLE;
    }

    @Override
    public String modelVersion() {
        return version;
    }

    /** A mean with one untrained member is partly noise. */
    @Override
    public boolean placeholder() {
        return members.stream().anyMatch(EcgScorer::placeholder);
    }

    @Override
    public float[] score(List<float[][]> inputs) {
        float[] mean = new float[inputs.size()];
        for (EcgScorer m : members) {
            float[] p = m.score(inputs);
            for (int i = 0; i < p.length; i++) {
                mean[i] += p[i];
            }
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= members.size();
        }
        return mean;
    }

    @Override
    public WarmUp warmUp(int maxBatch, int rounds) {
        int batches = 0;
        long first = 0, last = 0, total = 0;
        for (EcgScorer m : members) {
            WarmUp w = m.warmUp(maxBatch, rounds);
            batches += w.batches();
            first += w.firstRoundNanos();
            last += w.lastRoundNanos();
            total += w.totalNanos();
        }
        return new WarmUp(batches, first, last, total);
    }

    /** Closes every member, even when one fails to; the first failure is rethrown after. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (EcgScorer m : members) {
            try {
                m.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
