package org.edtriage.training.train;

import ai.djl.ndarray.NDArray;
import org.edtriage.model.zoo.Head;
import org.edtriage.training.eval.Auc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a network is trained to predict: its head, its loss and the metrics that judge it.
 * Age is learnt in standardised units (the head's bias starts at the mean age instead of 0 years, which
 * Adam would take tens of thousands of steps to cross) but the loss is reported, and weighted, in
 * years, so L1 and Nyström's combined loss BCE + 0.045 × L1 mean what the paper's do.
 */
public sealed interface Objective permits Objective.Age, Objective.Sex, Objective.AgeSex, Objective.Ami, Objective.MultiLabel,
        Objective.Measurements, Objective.Contrastive, Objective.Teacher, Objective.AmiAndMeasurements {

    Head head();

    /** Mean loss over the batch: {@code output} is the head's output, {@code target} the set's targets. */
    NDArray loss(NDArray output, NDArray target);

    /** Metrics of predictions (head outputs) against targets. */
    Map<String, Double> metrics(float[][] outputs, float[][] targets);

    /** The validation figure that picks the best epoch, and whether higher is better. */
    String selection();

    boolean higherIsBetter();

    /** Short name for reports: age, sex, agesex, ami, multilabel. */
    String id();

    /**
     * Augmented views of each ECG a training batch holds: 1, or 2 for a contrastive objective, whose batch of N ECGs
     * becomes 2N inputs — ECG i's views at i and N + i — and whose loss compares them.
     */
    default int views() {
        return 1;
    }

    /**
     * Whether the objective's targets come from the labelled target visits (a teacher trained on them), so that a body
     * pre-trained with it belongs to one set of training visits and must not be reused with a larger one.
     */
    default boolean usesTargetLabels() {
        return false;
    }

    /** Age in years (L1), from a training set with this mean and SD. */
    record Age(double mean, double sd) implements Objective {
        public Head head() {
            return new Head.Regression();
        }

        public NDArray loss(NDArray output, NDArray target) {
            return l1Years(output.get(":, 0"), target.get(":, 0"), mean, sd);
        }

        public Map<String, Double> metrics(float[][] outputs, float[][] targets) {
            return ageMetrics(outputs, targets, 0, mean, sd);
        }

        public String selection() {
            return "loss";
        }

        public boolean higherIsBetter() {
            return false;
        }

        public String id() {
            return "age";
        }
    }

    /** Sex (female = 1), binary cross-entropy. */
    record Sex() implements Objective {
        public Head head() {
            return new Head.Binary();
        }

        public NDArray loss(NDArray output, NDArray target) {
            return bceWithLogits(output.get(":, 0"), target.get(":, 0"));
        }

        public Map<String, Double> metrics(float[][] outputs, float[][] targets) {
            return sexMetrics(outputs, targets, 0);
        }

        public String selection() {
            return "loss";
        }

        public boolean higherIsBetter() {
            return false;
        }

        public String id() {
            return "sex";
        }
    }

    /** Both: targets [age, female], loss BCE + 0.045 × L1 (years), as Nyström et al. */
    record AgeSex(double mean, double sd) implements Objective {
        public static final double AGE_WEIGHT = 0.045;

        public Head head() {
            return new Head.AgeSex();
        }

        public NDArray loss(NDArray output, NDArray target) {
            NDArray age = l1Years(output.get(":, 0"), target.get(":, 0"), mean, sd);
            return bceWithLogits(output.get(":, 1"), target.get(":, 1")).add(age.mul((float) AGE_WEIGHT));
        }

        public Map<String, Double> metrics(float[][] outputs, float[][] targets) {
            Map<String, Double> m = ageMetrics(outputs, targets, 0, mean, sd);
            m.putAll(sexMetrics(outputs, targets, 1));
            return m;
        }

        public String selection() {
            return "loss";
        }

        public boolean higherIsBetter() {
            return false;
        }

        public String id() {
            return "agesex";
        }
    }

    /**
     * AMI within 30 days through Nyström's transfer head (a probability) or a plain binary head (a logit); an AMI ECG
     * weighs {@code positiveWeight} times a non-AMI one in the loss (a weighted mean, so the scale stays that of BCE).
     */
    record Ami(Head head, double positiveWeight) implements Objective {
        public Ami(Head head) {
            this(head, 1);
        }

        public NDArray loss(NDArray output, NDArray target) {
            NDArray y = target.get(":, 0");
            NDArray perEcg = head.outputKinds().get(0) == Head.Output.PROBABILITY
                    ? bceOnProbabilitiesPerEcg(output.get(":, 0"), y)
                    : bceWithLogitsPerEcg(output.get(":, 0"), y);
            if (positiveWeight == 1) {
                return perEcg.mean();
            }
            NDArray weights = y.mul((float) (positiveWeight - 1)).add(1);
            return perEcg.mul(weights).sum().div(weights.sum());
        }

        public Map<String, Double> metrics(float[][] outputs, float[][] targets) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("auc", auc(outputs, targets, 0));
            return m;
        }

        public String selection() {
            return "auc";
        }

        public boolean higherIsBetter() {
            return true;
        }

        public String id() {
            return "ami";
        }
    }

    /** Nguyen & Do: k diagnostic labels, BCE per label; macro AUC and weighted F1 at 0.5. */
    record MultiLabel(java.util.List<String> labels) implements Objective {
        public Head head() {
            return new Head.MultiLabel(labels.size());
        }

        public NDArray loss(NDArray output, NDArray target) {
            return bceWithLogits(output, target);
        }

        public Map<String, Double> metrics(float[][] outputs, float[][] targets) {
            Map<String, Double> m = new LinkedHashMap<>();
            double aucSum = 0;
            int aucCount = 0;
            double f1Weighted = 0;
            long support = 0;
            for (int k = 0; k < labels.size(); k++) {
                double a = auc(outputs, targets, k);
                if (!Double.isNaN(a)) {
                    aucSum += a;
                    aucCount++;
                }
                long tp = 0, fp = 0, fn = 0, pos = 0;
                for (int i = 0; i < outputs.length; i++) {
                    boolean predicted = outputs[i][k] >= 0; // sigmoid ≥ 0.5
                    boolean actual = targets[i][k] > 0.5f;
                    pos += actual ? 1 : 0;
                    tp += predicted && actual ? 1 : 0;
                    fp += predicted && !actual ? 1 : 0;
                    fn += !predicted && actual ? 1 : 0;
                }
                double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
                m.put("auc." + labels.get(k), a);
                f1Weighted += f1 * pos;
                support += pos;
            }
            m.put("macroAuc", aucCount == 0 ? Double.NaN : aucSum / aucCount);
            m.put("weightedF1", support == 0 ? Double.NaN : f1Weighted / support);
            return m;
        }

        public String selection() {
            return "macroAuc";
        }

        public boolean higherIsBetter() {
            return true;
        }

        public String id() {
            return "multilabel";
        }
    }

    /**
     * Measurement pre-training (beyond the papers): the body learns to reproduce the ECG's own median-beat
     * measurements ({@code EcgFeatures}, standardised on the source training set, clipped to ±5 SD; a measurement
     * that could not be made is left out of the loss), so it must encode ST, T, Q and QRS morphology — what an acute
     * infarct changes — rather than only what age and sex change. With {@code ageSex}, age and sex are learnt beside
     * them: targets {@code [measurements…, age, female]}, loss MSE + BCE(sex) + 0.045 × L1(age, years).
     *
     * @param count how many measurements (the first {@code count} targets)
     */
    record Measurements(int count, boolean ageSex, double ageMean, double ageSd) implements Objective {
        public Head head() {
            return new Head.Values(count + (ageSex ? 2 : 0));
        }

        public NDArray loss(NDArray output, NDArray target) {
            NDArray loss = maskedMse(output.get(":, 0:" + count), target.get(":, 0:" + count));
            if (!ageSex) {
                return loss;
            }
            NDArray age = l1Years(output.get(":, " + count), target.get(":, " + count), ageMean, ageSd);
            return loss.add(bceWithLogits(output.get(":, " + (count + 1)), target.get(":, " + (count + 1)))).add(age.mul((float) AgeSex.AGE_WEIGHT));
        }

        public Map<String, Double> metrics(float[][] outputs, float[][] targets) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("measurementR2", meanR2(outputs, targets, 0, count));
            if (ageSex) {
                m.putAll(ageMetrics(outputs, targets, count, ageMean, ageSd));
                m.putAll(sexMetrics(outputs, targets, count + 1));
            }
            return m;
        }

        public String selection() {
            return "loss";
        }

        public boolean higherIsBetter() {
            return false;
        }

        public String id() {
            return ageSex ? "measurements-agesex" : "measurements";
        }
    }

    /**
     * Self-supervised pre-training (SimCLR's NT-Xent, Chen et al. 2020): two randomly augmented views of each source
     * ECG are pulled together in a {@code dimensions}-dimensional embedding and pushed away from every other ECG's
     * views in the batch. It needs no label at all, so every ECG the ED ever recorded can teach the body.
     */
    record Contrastive(int dimensions, double temperature) implements Objective {
        public Head head() {
            return new Head.Values(dimensions);
        }

        @Override
        public int views() {
            return 2;
        }

        /** {@code output}: 2N embeddings, views of ECG i at i and N + i; the targets are not used. */
        public NDArray loss(NDArray output, NDArray target) {
            long twoN = output.getShape().get(0);
            int n = Math.toIntExact(twoN / 2);
            NDArray z = output.div(output.norm(new int[]{1}, true).add(1e-8f));
            NDArray similarity = z.matMul(z.transpose()).div((float) temperature);
            // a view is never its own positive: its self-similarity is taken out of the softmax
            similarity = similarity.sub(output.getManager().eye(Math.toIntExact(twoN)).mul(1e9f));
            float[][] positive = new float[Math.toIntExact(twoN)][Math.toIntExact(twoN)];
            for (int i = 0; i < twoN; i++) {
                positive[i][(i + n) % (2 * n)] = 1;
            }
            NDArray targets = output.getManager().create(positive);
            return similarity.logSoftmax(1).mul(targets).sum().div(-(float) twoN);
        }

        public Map<String, Double> metrics(float[][] outputs, float[][] targets) {
            return new LinkedHashMap<>();
        }

        public String selection() {
            return "loss";
        }

        public boolean higherIsBetter() {
            return false;
        }

        public String id() {
            return "contrastive";
        }
    }

    /**
     * Distillation from the feature model (beyond the papers; Ba &amp; Caruana 2014, "Do deep nets really need to be
     * deep?"): the gradient-boosted trees are trained on the labelled target visits, and the body learns to reproduce
     * their logit — standardised on the source training set — on every unlabelled source ECG. The trees' judgement of
     * the median-beat measurements is what the networks fail to learn from a few hundred AMIs; the source ECGs let
     * a network learn it from twenty thousand. Loss MSE; targets {@code [standardised teacher logit]}.
     */
    record Teacher() implements Objective {
        public Head head() {
            return new Head.Values(1);
        }

        public NDArray loss(NDArray output, NDArray target) {
            return maskedMse(output.get(":, 0:1"), target.get(":, 0:1"));
        }

        public Map<String, Double> metrics(float[][] outputs, float[][] targets) {
            double mean = 0;
            for (float[] t : targets) {
                mean += t[0];
            }
            mean /= Math.max(1, targets.length);
            double total = 0, residual = 0;
            for (int i = 0; i < targets.length; i++) {
                total += (targets[i][0] - mean) * (targets[i][0] - mean);
                residual += (outputs[i][0] - targets[i][0]) * (outputs[i][0] - targets[i][0]);
            }
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("teacherR2", total == 0 ? Double.NaN : 1 - residual / total);
            return m;
        }

        public String selection() {
            return "loss";
        }

        public boolean higherIsBetter() {
            return false;
        }

        public String id() {
            return "teacher";
        }

        @Override
        public boolean usesTargetLabels() {
            return true;
        }
    }

    /**
     * AMI with the ECG's own measurements as an auxiliary task (multi-task fine-tuning, beyond the papers; Caruana 1997):
     * targets {@code [AMI, standardised measurements…]}, head {@link Head.TransferAndMeasurements}, loss the AMI loss of
     * {@link Ami} plus {@code weight} × the masked MSE of the measurements. Measurement pre-training taught a body ST/T/Q
     * morphology on the source ECGs and lost it again while the AMI loss alone fine-tuned it on a few hundred positives;
     * here the measurements keep pulling while the AMIs train, on the very ECGs the model learns AMI from. The best
     * epoch is still chosen by the validation AUC.
     */
    record AmiAndMeasurements(int count, double positiveWeight, double weight) implements Objective {
        public AmiAndMeasurements {
            if (count < 1 || !(weight > 0)) {
                throw new IllegalArgumentException("an auxiliary task needs measurements and a weight > 0");
            }
        }

        public Head head() {
            return new Head.TransferAndMeasurements(count);
        }

        public NDArray loss(NDArray output, NDArray target) {
            NDArray ami = new Ami(head(), positiveWeight).loss(output, target);
            NDArray measurements = maskedMse(output.get(":, 1:" + (1 + count)), target.get(":, 1:" + (1 + count)));
            return ami.add(measurements.mul((float) weight));
        }

        public Map<String, Double> metrics(float[][] outputs, float[][] targets) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("auc", auc(outputs, targets, 0));
            m.put("measurementR2", meanR2(outputs, targets, 1, count));
            return m;
        }

        public String selection() {
            return "auc";
        }

        public boolean higherIsBetter() {
            return true;
        }

        public String id() {
            return "ami+measurements";
        }
    }

    /** Mean squared error over the targets that are not NaN. */
    private static NDArray maskedMse(NDArray output, NDArray target) {
        NDArray valid = target.isNaN().logicalNot();
        NDArray zeros = target.zerosLike();
        NDArray t = ai.djl.ndarray.NDArrays.where(valid, target, zeros);
        NDArray weight = valid.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray diff = output.sub(t).mul(weight);
        return diff.mul(diff).sum().div(weight.sum().maximum(1f));
    }

    private static NDArray l1Years(NDArray standardised, NDArray years, double mean, double sd) {
        return standardised.sub(years.sub((float) mean).div((float) sd)).abs().mean().mul((float) sd);
    }

    private static NDArray bceWithLogits(NDArray logits, NDArray target) {
        return bceWithLogitsPerEcg(logits, target).mean();
    }

    private static NDArray bceWithLogitsPerEcg(NDArray logits, NDArray target) {
        // max(x, 0) − x·y + log(1 + exp(−|x|)): stable for any logit
        return logits.maximum(0f).sub(logits.mul(target)).add(logits.abs().neg().exp().add(1).log());
    }

    private static NDArray bceOnProbabilitiesPerEcg(NDArray p, NDArray target) {
        NDArray clipped = p.clip(1e-7f, 1 - 1e-7f);
        return target.mul(clipped.log()).add(target.neg().add(1).mul(clipped.neg().add(1).log())).neg();
    }

    private static Map<String, Double> ageMetrics(float[][] outputs, float[][] targets, int k, double mean, double sd) {
        double abs = 0, residual = 0, total = 0, targetMean = 0;
        for (float[] t : targets) {
            targetMean += t[k];
        }
        targetMean /= Math.max(1, targets.length);
        for (int i = 0; i < outputs.length; i++) {
            double predicted = outputs[i][k] * sd + mean;
            double actual = targets[i][k];
            abs += Math.abs(predicted - actual);
            residual += (predicted - actual) * (predicted - actual);
            total += (actual - targetMean) * (actual - targetMean);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("ageMae", abs / Math.max(1, outputs.length));
        m.put("ageR2", total == 0 ? Double.NaN : 1 - residual / total);
        return m;
    }

    private static Map<String, Double> sexMetrics(float[][] outputs, float[][] targets, int k) {
        long correct = 0;
        for (int i = 0; i < outputs.length; i++) {
            correct += (outputs[i][k] >= 0) == (targets[i][k] > 0.5f) ? 1 : 0;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("sexAuc", auc(outputs, targets, k));
        m.put("sexAccuracy", correct / (double) Math.max(1, outputs.length));
        return m;
    }

    /** Mean r² over the columns {@code from … from + count − 1} (NaN targets left out): how well values are read off the ECG. */
    private static double meanR2(float[][] outputs, float[][] targets, int from, int count) {
        double r2 = 0;
        int used = 0;
        for (int k = from; k < from + count; k++) {
            double mean = 0, total = 0, residual = 0;
            int n = 0;
            for (float[] t : targets) {
                if (!Float.isNaN(t[k])) {
                    mean += t[k];
                    n++;
                }
            }
            if (n < 2) {
                continue;
            }
            mean /= n;
            for (int i = 0; i < targets.length; i++) {
                float t = targets[i][k];
                if (!Float.isNaN(t)) {
                    total += (t - mean) * (t - mean);
                    residual += (outputs[i][k] - t) * (outputs[i][k] - t);
                }
            }
            if (total > 0) {
                r2 += 1 - residual / total;
                used++;
            }
        }
        return used == 0 ? Double.NaN : r2 / used;
    }

    static double auc(float[][] outputs, float[][] targets, int k) {
        float[] scores = new float[outputs.length];
        boolean[] positive = new boolean[outputs.length];
        boolean any = false, none = false;
        for (int i = 0; i < outputs.length; i++) {
            scores[i] = outputs[i][k];
            positive[i] = targets[i][k] > 0.5f;
            any |= positive[i];
            none |= !positive[i];
        }
        return any && none ? Auc.of(scores, positive) : Double.NaN;
    }
}
