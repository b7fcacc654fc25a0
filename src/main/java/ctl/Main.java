package ctl;

import ctl.base.Environment;
import ctl.cli.Cli;

public final class Main {
    public static void main(String[] args) {
        System.exit(Cli.run(Environment.system(), args));
    }
}
