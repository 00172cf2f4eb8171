package org.edtriage.deploy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;

/** {@code ./triage}: the one command-line entry point for everything a person runs. */
@Command(name = "triage", mixinStandardHelpOptions = true, version = "triage 0.1.0",
        description = "ED ECG triage platform: run the local stack (up), work with ECG files (wfdb), simulate ED cohorts (simulate), "
                + "list the model zoo (models).",
        subcommands = {UpCommand.class, WfdbCommand.class, EcgCommand.class, SimulateCommand.class, ModelsCommand.class, TrainCommand.class,
                K8sCommand.class})
public final class TriageCommand implements Runnable {

    /** The checkout the platform runs from; the ./triage script passes it. */
    static Path home() {
        return Path.of(System.getProperty("triage.home", ".")).toAbsolutePath().normalize();
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TriageCommand()).execute(args));
    }
}
