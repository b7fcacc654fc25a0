package ctl.core;

import ctl.base.CtlException;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * A task: one command such as {@code user new}. Its picocli options, validation and
 * database work live in its subclass; {@link #run()} returns the exit code (0 unless the
 * task has something else to say) or throws {@link CtlException}.
 */
public abstract class Task implements Callable<Integer> {
    protected Context ctx;

    /** Called by the wiring before picocli parses into the task. */
    public final void attach(Context context) {
        this.ctx = context;
    }

    @Override
    public final Integer call() {
        return run();
    }

    protected abstract int run();

    /**
     * False for a task that only reads: it runs on a read-only standby too, where a task that
     * writes stops with exit 6 before any work.
     */
    public boolean writes() {
        return true;
    }

    /**
     * For a class that serves several lines of the command table (the state tasks): this
     * line's description and examples. Null, the default: the class's {@code @Command} says.
     */
    public Usage usage() {
        return null;
    }

    /** A command's one-line description and its examples, each a command line. */
    public record Usage(String description, List<String> examples) {}
}
