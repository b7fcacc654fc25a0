package ctl;

import ctl.base.Build;
import ctl.base.Environment;
import ctl.base.Exit;
import ctl.base.Stdout;
import ctl.cli.Cli;

import java.time.ZoneOffset;
import java.util.TimeZone;

public final class Main {
    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) {
            exit(version());
            return;
        }
        // ctl speaks UTC (SPEC §2), and pgjdbc tells the server the JVM's zone for timestamptz
        // values: the process's one piece of global state, set where the process starts.
        TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.UTC));
        // picocli's factory otherwise looks for Groovy's Closure class on first use, and a class
        // that is not there is looked for in every jar of the class path: 35 ms of every run.
        System.setProperty("picocli.disable.closures", "true");
        exit(Cli.run(Environment.system(), args));
    }

    /**
     * Ends the process with {@code code}. A success whose threads are all done returns from
     * {@code main} instead of calling {@code System.exit}: from JDK 21, {@code Runtime.exit} asks
     * for the System.Logger of java.lang.Runtime, whose first use looks for a LoggerFinder in
     * every jar of the class path (on the bundle's runtime, 60 ms of a 140 ms {@code --version}).
     * The shutdown hooks run either way; a thread still running (not a daemon) gets the exit.
     */
    private static void exit(int code) {
        if (code != Exit.OK || !onlyDaemonsLeft()) {
            System.exit(code);
        }
    }

    private static boolean onlyDaemonsLeft() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        if (n == threads.length) {
            return false; // more than it could list: no knowing
        }
        for (int i = 0; i < n; i++) {
            if (threads[i] != Thread.currentThread() && !threads[i].isDaemon()) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code ctl --version}, the commonest probe of all, answered as {@link Cli#run} answers it
     * but before anything else of ctl (picocli, jOOQ, the environment) is loaded: issue 11.
     */
    private static int version() {
        Stdout out = Environment.systemStdout();
        out.println("ctl " + Build.version());
        out.flush();
        if (!out.checkError()) {
            return Exit.OK;
        }
        if (out.brokenPipe()) {
            return 141; // as SIGPIPE would have ended it: 128 + 13
        }
        System.err.println("ctl: cannot write to standard output" + Stdout.reason(out) + ": the output is incomplete");
        return Exit.OUTPUT;
    }

    private Main() {}
}
