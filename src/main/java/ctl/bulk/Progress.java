package ctl.bulk;

import ctl.core.Context;
import ctl.output.Output;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;

/**
 * A progress bar on stderr when a person is watching (a terminal, not -q); nothing at all in
 * cron, where the task's one summary line says how it went.
 */
public final class Progress implements AutoCloseable {
    /** No bar: for runs nobody watches, or whose own lines already show the progress. */
    public static final Progress NONE = new Progress(null);

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** True when a bar would show: on a terminal, without -q. */
    public static boolean shown(Context ctx) {
        return ctx.env().terminal().interactive() && !ctx.options().quiet;
    }

    /** {@code total} may be -1 when it is not known. */
    public static Progress start(Context ctx, String what, long total) {
        if (!shown(ctx)) {
            return NONE;
        }
        return new Progress(new ProgressBarBuilder()
                .setTaskName(Output.visible(what)) // it may name a user: untrusted text
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new Line(ctx.env().stderr(), width(ctx)))
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

    /** The terminal's width as the shell exports it, else 80: no terminal library needed. */
    private static int width(Context ctx) {
        String columns = ctx.env().var("COLUMNS");
        return columns != null && columns.matches("\\d{2,4}") ? Integer.parseInt(columns) : 80;
    }

    /**
     * Redraws one line of the run's stderr (not System.err, so the bar goes where the
     * task's other messages go), and ends it when the bar closes.
     */
    private record Line(PrintWriter err, int width) implements ProgressBarConsumer {
        @Override public int getMaxRenderedLength() { return width - 1; }

        @Override public void accept(String rendered) {
            synchronized (err) {
                err.print('\r');
                err.print(rendered);
                err.flush();
            }
        }

        @Override public void close() {
            synchronized (err) {
                err.println();
                err.flush();
            }
        }
    }
}
