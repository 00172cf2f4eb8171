package org.edtriage.ecg;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the public ECG data sets live ({@code ../shared/data}); tests that need them are skipped, by name, without them. */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        return Path.of(System.getProperty("triage.shared.data", "../../shared/data"));
    }

    /** The file under the data root, or an aborted (reported as skipped) test when it is not there. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            // Surefire prints counts only; name the skipped test in the build log ourselves
            String test = StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()
                    .map(f -> f.getClassName() + "." + f.getMethodName()).orElse("?"));
            System.out.println("SKIPPED " + test + ": shared data not present at " + p);
        }
        Assumptions.assumeTrue(Files.exists(p), "shared data not present: " + p + " (test skipped)");
        return p;
    }
}
