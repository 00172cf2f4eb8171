package org.edtriage.deploy.cli;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.wfdb.WfdbTools;
import org.edtriage.ecg.documents.EcgDocuments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code ./triage ecg check}: any ECG file ingest takes, read as ingest reads it. */
@Command(name = "ecg", mixinStandardHelpOptions = true, description = "Check ECG files of every format ingest reads.",
        subcommands = {EcgCommand.Check.class})
public final class EcgCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Read every ECG file under the paths: WFDB records (.hea, checksums verified) and ECG documents "
                    + "(.xml: GE MUSE, HL7 aECG, Philips XML; .dcm: DICOM; .edf: EDF/EDF+; recognised by content). One line each: 'OK name format leads rate samples' "
                    + "or 'FAIL name check: reason'. Exit code 1 if any failed.")
    static final class Check implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "PATH", description = "folders, .hea, .xml, .dcm or .edf files")
        List<Path> paths = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            List<Path> records = new ArrayList<>();
            List<Path> documents = new ArrayList<>();
            for (Path p : paths) {
                try (Stream<Path> walk = Files.isDirectory(p) ? Files.walk(p) : Stream.of(p)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(f -> {
                        if (f.toString().endsWith(".hea")) {
                            records.add(f);
                        } else if (org.edtriage.ecg.documents.EcgDocuments.isDocumentName(f.getFileName().toString())) {
                            documents.add(f);
                        }
                    });
                }
            }
            int failed = records.isEmpty() ? 0 : WfdbTools.check(records, System.out);
            failed += checkDocuments(documents, System.out);
            return failed == 0 ? 0 : 1;
        }
    }

    /** Documents as ingest reads them; acquisition times in UTC (only the time stamp, never the signal, depends on the zone). */
    static int checkDocuments(List<Path> documents, PrintStream out) throws IOException {
        EcgDocuments reader = new EcgDocuments(ZoneOffset.UTC);
        int failed = 0;
        for (Path f : documents) {
            String name = f.getFileName().toString();
            byte[] bytes = Files.readAllBytes(f);
            try {
                Ecg ecg = reader.read(bytes, name);
                out.printf(Locale.ROOT, "OK %s %s %d %s %d%n", name, EcgDocuments.kind(bytes), ecg.leads().size(),
                        ecg.samplingRateHz() == Math.rint(ecg.samplingRateHz()) ? Long.toString((long) ecg.samplingRateHz())
                                : Double.toString(ecg.samplingRateHz()), ecg.samplesPerLead());
            } catch (EcgDocuments.Refused e) {
                failed++;
                out.printf(Locale.ROOT, "FAIL %s %s: %s%n", name, e.check(), e.getMessage());
            }
        }
        return failed;
    }
}
