package org.edtriage.deploy.cli;

/**
 * DJL must never reach the network: the PyTorch native library comes from the pytorch-native-cpu jar on the
 * class path and unpacks into the checkout's target/djl-cache (the same place the services use).
 */
final class DjlOffline {
    private DjlOffline() {
    }

    static void configure() {
        System.setProperty("ai.djl.offline", "true");
        // DJL probes for CUDA on every start and warns on a machine without it; that is the normal case here
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", TriageCommand.home().resolve("target/djl-cache").toString());
        }
    }
}
