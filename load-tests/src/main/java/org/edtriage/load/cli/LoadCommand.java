package org.edtriage.load.cli;

import org.edtriage.deploy.stack.LocalStack;
import org.edtriage.load.run.LoadRun;
import org.edtriage.load.run.Report;
import org.edtriage.load.run.Scenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ./triage load run SCENARIO}: starts a fresh local stack, runs the scenario against it, writes the report. */
@Command(name = "load", mixinStandardHelpOptions = true, description = "Load and fault scenarios against a fresh local stack.",
        subcommands = {LoadCommand.Run.class, LoadCommand.ListScenarios.class})
public final class LoadCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        // Quarkus' jars are on this class path (the benchmarks use the services' classes): pick the plain logging
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("ai.djl.offline", "true"); // the stack releases its placeholder model from this JVM; never download
        System.exit(new CommandLine(new LoadCommand()).execute(args));
    }

    @Command(name = "list", description = "The built-in scenarios.")
    static final class ListScenarios implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            for (String name : Scenario.BUILT_IN) {
                System.out.printf(Locale.ROOT, "%-14s %s%n", name, Scenario.load(name, Map.of()).description());
            }
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run a scenario (built-in name or .properties file) and write its report.")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SCENARIO", description = "steady, ramp, burst, soak, broker-stop, broker-kill, scoring-kill, ingest-kill, scoring-failover, ingest-failover, "
                + "poison, model-release, smoke-steady, smoke-poison, smoke-secure, or a .properties file")
        String scenario;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a scenario setting, e.g. --set rate=20 --set architecture=rn900k")
        Map<String, String> overrides = new LinkedHashMap<>();

        @Option(names = "--ecgs", paramLabel = "DIR", description = "Send the WFDB records under DIR (read in place, e.g. ../shared/data/ptb-xl-500) instead of simulated ECGs.")
        Path ecgs;

        @Option(names = "--report", paramLabel = "DIR", description = "Report folder (default target/load-reports/SCENARIO-TIME in the checkout).")
        Path report;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "The stack's data (wiped at start). Default target/load-stack.")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            long start = ManagementFactory.getRuntimeMXBean().getStartTime();
            Path home = Path.of(System.getProperty("triage.home", ".")).toAbsolutePath().normalize();
            Scenario s = Scenario.load(scenario, overrides);
            Path out = report != null ? report : home.resolve("target/load-reports/" + s.name() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            java.util.function.Consumer<String> say = line -> System.out.printf(Locale.ROOT, "[%7.1fs] %s%n",
                    (System.currentTimeMillis() - start) / 1000.0, line);
            say.accept("load scenario " + s.name() + ": " + s.description());
            try (LocalStack stack = LocalStack.start(home, dataDir != null ? dataDir : home.resolve("target/load-stack"), s.architecture(), s.brokers(),
                    s.replicas(), s.secure(), say)) {
                Report r = LoadRun.run(s, stack, ecgs, out, say);
                System.out.println();
                System.out.print(r);
                System.out.println("report: " + out.resolve("index.html"));
                return r.passed() ? 0 : 1;
            }
        }
    }
}
