package org.edtriage.model.features;

import org.edtriage.ecg.signal.InputContract;
import org.edtriage.model.EcgScorer;

import java.util.ArrayList;
import java.util.List;

/** A {@link FeatureModel} behind {@link EcgScorer}: each prepared input is one row of features. Thread-safe. */
public final class FeatureScorer implements EcgScorer {
    private final FeatureModel model;
    private final String name;
    private final String version;

    public FeatureScorer(FeatureModel model, String name, String version) {
        this.model = model;
        this.name = name;
        this.version = version;
    }

    @Override
    public InputContract contract() {
        return FeatureModel.contract();
    }

    @Override
    public String modelName() {
        return name;
    }

    @Override
    public String architecture() {
        return FeatureModel.ARCHITECTURE;
    }

    @Override
    public String modelVersion() {
        return version;
    }

    @Override
    public boolean placeholder() {
        return false;
    }

    @Override
    public float[] score(List<float[][]> inputs) {
        List<float[]> rows = new ArrayList<>(inputs.size());
        for (float[][] input : inputs) {
            if (input.length != 1) {
                throw new IllegalArgumentException("the feature model takes one row of features per ECG, not " + input.length);
            }
            rows.add(input[0]);
        }
        return model.predict(rows);
    }

    public FeatureModel model() {
        return model;
    }

    @Override
    public void close() {
        model.close();
    }
}
