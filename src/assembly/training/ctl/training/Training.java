package ctl.training;

import ctl.base.Environment;
import ctl.cli.Cli;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TimeZone;

/**
 * The release's training run (src/assembly/runtime.sh): the common tasks, one after another in
 * one JVM, so that one AOT cache holds the classes of all of them. Its arguments are runs
 * separated by ";", each its expected exit code and then ctl's arguments. Not part of ctl:
 * its jar rides at the end of the bundle's class path only because the cache must be trained
 * on the very class path it is used with.
 */
public final class Training {
    public static void main(String[] args) throws ClassNotFoundException {
        TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.UTC));
        System.setProperty("picocli.disable.closures", "true"); // as ctl.Main sets it
        Class.forName("ctl.Main"); // bin/ctl's main class, which this one stands in for
        List<String> run = new ArrayList<>();
        int failed = 0;
        for (String arg : args) {
            if (arg.equals(";")) {
                failed += run(run);
                run.clear();
            } else {
                run.add(arg);
            }
        }
        failed += run(run);
        System.exit(failed == 0 ? 0 : 1);
    }

    private static int run(List<String> run) {
        if (run.isEmpty()) {
            return 0;
        }
        int expected = Integer.parseInt(run.get(0));
        String[] args = run.subList(1, run.size()).toArray(String[]::new);
        int code = Cli.run(Environment.system(), args);
        if (code != expected) {
            System.err.println("training: ctl " + Arrays.toString(args) + " exited " + code + ", not " + expected);
            return 1;
        }
        return 0;
    }

    private Training() {}
}
