package ctl;

import ctl.cli.Cli;
import ctl.cli.Environment;

public final class Main {
    public static void main(String[] args) {
        System.exit(Cli.run(Environment.system(), args));
    }
}
