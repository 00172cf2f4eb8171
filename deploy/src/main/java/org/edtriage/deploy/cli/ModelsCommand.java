package org.edtriage.deploy.cli;

import org.edtriage.model.zoo.ZooSummary;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code ./triage models}: the model zoo, one line per architecture. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the model zoo: one line per architecture with its input, trainable parameters, FLOPs per ECG "
                + "(counted from the built network) and, for Nyström et al.'s four, the published count and the difference.")
public final class ModelsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        DjlOffline.configure();
        ZooSummary.print(ZooSummary.lines(), System.out);
        return 0;
    }
}
