package ctl.core;

import ctl.base.CtlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only holds tasks, such as {@code user}: run alone, it says which tasks it has. */
@Command
public class Group implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw CtlException.usage("missing task: " + spec.qualifiedName() + " takes one of "
                + String.join(", ", spec.subcommands().keySet().stream()
                        .filter(name -> spec.subcommands().get(name).getCommandName().equals(name))
                        .toList())
                + " (see `" + spec.qualifiedName() + " --help`)");
    }
}
