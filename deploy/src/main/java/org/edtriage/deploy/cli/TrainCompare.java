package org.edtriage.deploy.cli;

import org.edtriage.training.eval.Auc;
import org.edtriage.training.train.SimulatorTruth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./triage train compare A B}: two models' AUC difference on the same test ECGs with its paired bootstrap
 * interval — the A/B of a training recipe. Each side is a benchmark's {@code predictions.csv}, with
 * {@code :COLUMN} when it holds more than one model.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Paired AUC difference (B − A) of two models on the same test ECGs, per test set, from benchmark predictions.csv files.")
final class TrainCompare implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A", description = "Baseline: predictions.csv[:COLUMN]")
    String a;
    @Parameters(index = "1", paramLabel = "B", description = "Challenger: predictions.csv[:COLUMN]")
    String b;
    @Option(names = "--bootstrap", defaultValue = "1000", description = "Resamples (default ${DEFAULT-VALUE})")
    int resamples;
    @Option(names = "--seed", defaultValue = "1", description = "Bootstrap seed (default ${DEFAULT-VALUE})")
    long seed;

    /** One model's column: the test ECGs in file order (an ECG can be the chosen one of two close visits: rows, not ids). */
    record Column(List<String> set, List<String> ecgId, List<Boolean> ami, List<Float> probability, String name) {
    }

    @Override
    public Integer call() throws IOException {
        Column baseline = read(a), challenger = read(b);
        if (!baseline.ecgId().equals(challenger.ecgId()) || !baseline.set().equals(challenger.set())) {
            System.err.println("A and B were not scored on the same test ECGs (another split?): no paired comparison");
            return 2;
        }
        System.out.printf("A = %s%nB = %s%n", baseline.name(), challenger.name());
        for (String set : List.of("randomTest", "temporalTest", "combinedTest")) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < baseline.ecgId().size(); i++) {
                if ("combinedTest".equals(set) || set.equals(baseline.set().get(i))) {
                    rows.add(i);
                }
            }
            float[] pa = new float[rows.size()], pb = new float[rows.size()];
            boolean[] y = new boolean[rows.size()];
            for (int k = 0; k < rows.size(); k++) {
                pa[k] = baseline.probability().get(rows.get(k));
                pb[k] = challenger.probability().get(rows.get(k));
                y[k] = baseline.ami().get(rows.get(k));
            }
            Auc.Estimate d = Auc.pairedDifferenceOrUndefined(pb, pa, y, resamples, seed);
            System.out.printf(Locale.ROOT, "%-13s %5d ECGs: A %.3f, B %.3f, B − A %+.3f (paired 95 %% CI %+.3f to %+.3f)%n", set, rows.size(),
                    Auc.of(pa, y), Auc.of(pb, y), d.value(), d.lower(), d.upper());
        }
        return 0;
    }

    static Column read(String spec) throws IOException {
        int colon = spec.lastIndexOf(':');
        Path file = Path.of(colon > 0 && !Files.exists(Path.of(spec)) ? spec.substring(0, colon) : spec);
        String wanted = colon > 0 && !Files.exists(Path.of(spec)) ? spec.substring(colon + 1) : null;
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",");
        // without a name, the one model of the file (a benchmark's simulator-truth column is a yardstick, not a model)
        List<Integer> models = new ArrayList<>();
        for (int c = 4; c < header.length; c++) {
            if (!SimulatorTruth.NAME.equals(header[c])) {
                models.add(c);
            }
        }
        int column = -1;
        for (int c = 4; c < header.length; c++) {
            if (wanted == null ? models.size() == 1 && models.get(0) == c : header[c].equals(wanted)) {
                column = c;
            }
        }
        if (column < 0) {
            throw new IllegalArgumentException(file + ": " + (wanted == null ? "holds several models; name one as FILE:COLUMN, one of "
                    : "no column '" + wanted + "'; columns: ") + List.of(header).subList(4, header.length));
        }
        List<String> sets = new ArrayList<>(), ids = new ArrayList<>();
        List<Boolean> ami = new ArrayList<>();
        List<Float> p = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            sets.add(f[0]);
            ids.add(f[1]);
            ami.add("1".equals(f[3]));
            p.add(Float.parseFloat(f[column]));
        }
        return new Column(sets, ids, ami, p, file + ":" + header[column]);
    }
}
