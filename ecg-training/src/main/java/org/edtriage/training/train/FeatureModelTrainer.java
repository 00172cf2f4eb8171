package org.edtriage.training.train;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.edtriage.ecg.signal.EcgFeatures;
import org.edtriage.model.features.FeatureModel;
import org.edtriage.training.dataset.PreparedSignals;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains the {@link FeatureModel}: gradient-boosted trees on the median-beat measurements of the training visits,
 * boosting rounds chosen by early stopping on the validation visits' AUC (never a test set). The settings are
 * fixed a priori — shallow trees, a small learning rate, row and column subsampling — the usual robust choice for
 * a few hundred positives among thousands; they were not tuned on this platform's data.
 *
 * @param maxRounds     boosting rounds at most
 * @param earlyStopping rounds without a better validation AUC before stopping (the best round is kept)
 */
public record FeatureModelTrainer(int maxRounds, int earlyStopping, double learningRate, int maxDepth, double subsample,
                                  double columnSample, double minChildWeight, int threads, long seed) {

    public static FeatureModelTrainer defaults(long seed) {
        return new FeatureModelTrainer(2000, 100, 0.03, 3, 0.8, 0.5, 2, 2, seed);
    }

    /** Features of every ECG of the set, one row each (the prepared signals of {@link FeatureModel#contract()}). */
    public static float[] features(PreparedSignals features, LabelledSet set) {
        if (features.size() != EcgFeatures.size()) {
            throw new IllegalArgumentException("prepared signals of " + features.contract() + " are not the feature model's");
        }
        float[] x = new float[set.size() * EcgFeatures.size()];
        features.read(set.ecgIds(), x);
        return x;
    }

    public FeatureModel train(PreparedSignals features, LabelledSet train, LabelledSet validation) {
        DMatrix trainMatrix = null, validationMatrix = null;
        try {
            trainMatrix = matrix(features, train);
            validationMatrix = matrix(features, validation);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("objective", "binary:logistic");
            params.put("eval_metric", "auc");
            params.put("eta", learningRate);
            params.put("max_depth", maxDepth);
            params.put("subsample", subsample);
            params.put("colsample_bytree", columnSample);
            params.put("min_child_weight", minChildWeight);
            params.put("tree_method", "hist");
            params.put("nthread", threads);
            params.put("seed", seed);
            params.put("verbosity", 0);
            params.put("verbose_eval", 0); // XGBoost4J prints every round of every watch otherwise (it reads a number or "false", not a Boolean)
            Map<String, DMatrix> watches = new LinkedHashMap<>();
            watches.put("train", trainMatrix);
            watches.put("validation", validationMatrix); // the last watch decides early stopping
            if (!bothClasses(validation)) {
                // no validation AUC to stop on (tiny cycles, small fractions): a fixed, modest number of rounds instead
                return new FeatureModel(XGBoost.train(trainMatrix, params, FALLBACK_ROUNDS, Map.of(), null, null, null, 0));
            }
            float[][] history = new float[watches.size()][maxRounds];
            Booster searched = XGBoost.train(trainMatrix, params, maxRounds, watches, history, null, null, earlyStopping);
            String best;
            try {
                best = searched.getAttr("best_iteration");
            } finally {
                searched.dispose();
            }
            // the Java booster predicts with every round it grew, including those after the best: grow exactly the best
            // number again (same seed and data, so the same trees)
            int rounds = best == null ? maxRounds : Integer.parseInt(best) + 1;
            return new FeatureModel(XGBoost.train(trainMatrix, params, rounds, Map.of(), null, null, null, 0));
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost training failed: " + e.getMessage(), e);
        } finally {
            if (trainMatrix != null) {
                trainMatrix.dispose();
            }
            if (validationMatrix != null) {
                validationMatrix.dispose();
            }
        }
    }

    /** Rounds grown when the validation set holds one class only and cannot stop anything early. */
    static final int FALLBACK_ROUNDS = 100;

    private static boolean bothClasses(LabelledSet set) {
        boolean positive = false, negative = false;
        for (float[] t : set.targets()) {
            positive |= t[0] > 0.5f;
            negative |= t[0] <= 0.5f;
        }
        return positive && negative;
    }

    private static DMatrix matrix(PreparedSignals features, LabelledSet set) throws XGBoostError {
        DMatrix m = new DMatrix(features(features, set), set.size(), EcgFeatures.size(), Float.NaN);
        m.setLabel(set.column(0));
        return m;
    }
}
