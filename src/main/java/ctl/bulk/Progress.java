package ctl.bulk;

import ctl.Context;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;

/**
 * A progress bar on stderr when a person is watching (a terminal, not -q); nothing at all in
 * cron, where the task's one summary line says how it went.
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** {@code total} may be -1 when it is not known. */
    public static Progress start(Context ctx, String what, long total) {
        if (!ctx.env().terminal().interactive() || ctx.options().quiet) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder()
                .setTaskName(what)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
                .setUpdateIntervalMillis(200)
                .continuousUpdate()
                .build());
    }

    public void advance(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
