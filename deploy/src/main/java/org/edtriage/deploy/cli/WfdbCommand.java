package org.edtriage.deploy.cli;

import org.edtriage.ecg.wfdb.WfdbTools;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./triage wfdb check|samples}: WFDB records from the command line. */
@Command(name = "wfdb", mixinStandardHelpOptions = true, description = "Check WFDB records and print their samples.",
        subcommands = {WfdbCommand.Check.class, WfdbCommand.Samples.class})
public final class WfdbCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Read every record under the paths (checksums and lengths verified); one line per record: "
                    + "'OK name signals rate samples' or 'FAIL name reason'. Exit code 1 if any failed.")
    static final class Check implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "PATH", description = "folders, .hea files or record names")
        List<Path> paths = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            return WfdbTools.check(paths, System.out) == 0 ? 0 : 1;
        }
    }

    @Command(name = "samples", mixinStandardHelpOptions = true,
            description = "Print samples as tab-separated columns, one row per sample, like 'rdsamp -r RECORD' "
                    + "(with -P for --physical) without the sample-number column.")
    static final class Samples implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RECORD", description = "the record's .hea file or its path without extension")
        Path record;

        @Option(names = "--from", defaultValue = "0", description = "first sample (inclusive, default ${DEFAULT-VALUE})")
        long from;

        @Option(names = "--to", defaultValue = "-1", description = "last sample (exclusive; default: the end)")
        long to;

        @Option(names = "--signals", split = ",", paramLabel = "i,j", description = "0-based signal indices (default: all)")
        List<Integer> signals = new ArrayList<>();

        @Option(names = "--physical", description = "physical units instead of digital values")
        boolean physical;

        @Override
        public Integer call() throws Exception {
            Path hea = record.toString().endsWith(".hea") ? record : record.resolveSibling(record.getFileName() + ".hea");
            var out = new java.io.PrintStream(new java.io.BufferedOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16), false);
            WfdbTools.samples(hea, from, to, signals, physical, out);
            out.flush();
            return 0;
        }
    }
}
