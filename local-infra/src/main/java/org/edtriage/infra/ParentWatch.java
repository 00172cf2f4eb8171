package org.edtriage.infra;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Entry point of every child JVM we start: runs the real main class, and exits the child (cleanly,
 * through its shutdown hooks) as soon as the parent process is gone. Without it, a parent killed
 * with SIGKILL, or a test JVM torn down by a timeout, would leave brokers and services running.
 *
 * <p>Usage: {@code java -cp ... org.edtriage.infra.ParentWatch <parentPid> <mainClass> [args...]}.
 * Depends on nothing but the JDK so it can go on any class path.
 */
public final class ParentWatch {
    private ParentWatch() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ParentWatch <parentPid> <mainClass> [args...]");
            System.exit(2);
        }
        long parentPid = Long.parseLong(args[0]);
        Thread watcher = new Thread(() -> watch(parentPid), "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
        Class<?> mainClass = Class.forName(args[1], true, Thread.currentThread().getContextClassLoader());
        Method main = mainClass.getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }

    private static void watch(long parentPid) {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        while (parent.map(ProcessHandle::isAlive).orElse(false)) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
        System.err.println("parent process " + parentPid + " is gone; shutting down");
        System.exit(0);
    }
}
