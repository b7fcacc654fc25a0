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
    public static final Progress NONE = new Progress(null, null);

    private final ProgressBar bar;
    private final Line line;

    private Progress(ProgressBar bar, Line line) {
        this.bar = bar;
        this.line = line;
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
        Line line = new Line(ctx.env().stderr(), width(ctx));
        return new Progress(new ProgressBarBuilder()
                .setTaskName(Output.visible(what)) // it may name a user: untrusted text
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(line)
                .setUpdateIntervalMillis(200)
                .continuousUpdate()
                .build(), line);
    }

    public void advance(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    /**
     * Ends the bar's line before the task's next status line: the library renders its last
     * state and closes its consumer from its own thread, so wait for that (briefly), then end
     * the line here if it has not.
     */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            try {
                line.ended.await(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            line.close();
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
    private static final class Line implements ProgressBarConsumer {
        private final PrintWriter err;
        private final int width;
        private boolean closed; // guarded by err
        final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);

        Line(PrintWriter err, int width) {
            this.err = err;
            this.width = width;
        }

        @Override public int getMaxRenderedLength() { return width - 1; }

        /**
         * The bar's updater thread may still render once after the bar is closed; that render
         * is dropped, so the line ends before the task's next status line, never inside it.
         */
        @Override public void accept(String rendered) {
            synchronized (err) {
                if (closed) {
                    return;
                }
                err.print('\r');
                err.print(rendered);
                err.flush();
            }
        }

        @Override public void close() {
            synchronized (err) {
                if (closed) {
                    return;
                }
                closed = true;
                err.println();
                err.flush();
                ended.countDown();
            }
        }
    }
}
