package org.edtriage.deploy.cli;

import org.edtriage.training.eval.Auc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    record Column(Map<String, Float> probability, Map<String, Boolean> ami, Map<String, String> set, String name) {
    }

    @Override
    public Integer call() throws IOException {
        Column baseline = read(a), challenger = read(b);
        System.out.printf("A = %s%nB = %s%n", baseline.name(), challenger.name());
        for (String set : List.of("randomTest", "temporalTest", "combinedTest")) {
            List<String> ids = new ArrayList<>();
            for (String id : baseline.probability().keySet()) {
                if (challenger.probability().containsKey(id) && ("combinedTest".equals(set) || set.equals(baseline.set().get(id)))) {
                    ids.add(id);
                }
            }
            float[] pa = new float[ids.size()], pb = new float[ids.size()];
            boolean[] y = new boolean[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                pa[i] = baseline.probability().get(ids.get(i));
                pb[i] = challenger.probability().get(ids.get(i));
                y[i] = baseline.ami().get(ids.get(i));
            }
            Auc.Estimate d = Auc.pairedDifference(pb, pa, y, resamples, seed);
            System.out.printf(Locale.ROOT, "%-13s %5d ECGs: A %.3f, B %.3f, B − A %+.3f (paired 95 %% CI %+.3f to %+.3f)%n", set, ids.size(),
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
        int column = -1;
        for (int c = 4; c < header.length; c++) {
            if (wanted == null ? header.length == 5 : header[c].equals(wanted)) {
                column = c;
            }
        }
        if (column < 0) {
            throw new IllegalArgumentException(file + ": " + (wanted == null ? "holds several models; name one as FILE:COLUMN, one of "
                    : "no column '" + wanted + "'; columns: ") + List.of(header).subList(4, header.length));
        }
        Map<String, Float> p = new LinkedHashMap<>();
        Map<String, Boolean> ami = new LinkedHashMap<>();
        Map<String, String> set = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            p.put(f[1], Float.parseFloat(f[column]));
            ami.put(f[1], "1".equals(f[3]));
            set.put(f[1], f[0]);
        }
        return new Column(p, ami, set, file + ":" + header[column]);
    }
}
