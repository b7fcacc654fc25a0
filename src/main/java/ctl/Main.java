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
            System.exit(version());
        }
        // ctl speaks UTC (SPEC §2), and pgjdbc tells the server the JVM's zone for timestamptz
        // values: the process's one piece of global state, set where the process starts.
        TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.UTC));
        // picocli's factory otherwise looks for Groovy's Closure class on first use, and a class
        // that is not there is looked for in every jar of the class path: 35 ms of every run.
        System.setProperty("picocli.disable.closures", "true");
        System.exit(Cli.run(Environment.system(), args));
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
