package ctl;

import ctl.base.Environment;
import ctl.cli.Cli;

import java.time.ZoneOffset;
import java.util.TimeZone;

public final class Main {
    public static void main(String[] args) {
        // ctl speaks UTC (SPEC §2), and pgjdbc tells the server the JVM's zone for timestamptz
        // values: the process's one piece of global state, set where the process starts.
        TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.UTC));
        System.exit(Cli.run(Environment.system(), args));
    }
}
