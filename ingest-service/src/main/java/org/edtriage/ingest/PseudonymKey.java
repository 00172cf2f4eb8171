package org.edtriage.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the pseudonymisation key comes from: the setting {@value #SETTING} (environment
 * {@code TRIAGE_PSEUDONYM_KEY}) or a mounted secret file named by {@value #FILE_SETTING}. Outside the dev and
 * test profiles a missing key stops the service: a key anyone can read in the repository would let them
 * recover MRNs from pseudonyms by hashing candidate numbers. Dev and test runs fall back to a fixed key.
 */
public final class PseudonymKey {
    public static final String SETTING = "triage.pseudonym.key";
    public static final String FILE_SETTING = "triage.pseudonym.key-file";
    /** Only for the dev and test profiles; a production start without a key refuses instead. */
    static final String DEVELOPMENT_KEY = "local-development-only-pseudonym-key";

    private PseudonymKey() {
    }

    /**
     * @param devOrTest whether the service runs in Quarkus' dev or test launch mode
     * @throws IllegalStateException naming the settings, when no key is configured outside dev/test, both are, or
     *                               the file cannot be read
     */
    public static String resolve(Optional<String> key, Optional<Path> keyFile, boolean devOrTest) {
        if (key.isPresent() && keyFile.isPresent()) {
            throw new IllegalStateException("set either " + SETTING + " or " + FILE_SETTING + ", not both");
        }
        if (key.isPresent()) {
            return key.get();
        }
        if (keyFile.isPresent()) {
            try {
                return Files.readString(keyFile.get(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalStateException(FILE_SETTING + "=" + keyFile.get() + " cannot be read: " + e.getMessage(), e);
            }
        }
        if (devOrTest) {
            return DEVELOPMENT_KEY;
        }
        throw new IllegalStateException(SETTING + " is not set: ingest will not pseudonymise patient identifiers with a key "
                + "from its own source code. Set " + SETTING + " (environment TRIAGE_PSEUDONYM_KEY) or " + FILE_SETTING
                + " (a mounted secret file) to a random secret of at least 16 characters");
    }
}
