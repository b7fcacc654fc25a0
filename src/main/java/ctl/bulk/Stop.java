package ctl.bulk;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.HashMap;
import java.util.Map;

/**
 * SIGINT and SIGTERM during a bulk run (SPEC §5): the first lets the batch in flight commit
 * or roll back, after which the run stops and says how far it got; a second cancels the
 * statement in flight, so that an operator is never stuck behind a slow batch. Outside a
 * bulk run the JVM's own handling stands: a task of one transaction either commits or is
 * rolled back by the server when the connection goes.
 */
final class Stop implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private volatile Signal received;

    private Stop() {}

    /** Catches both signals until {@link #close}; {@code cancel} interrupts the statement in flight. */
    static Stop install(Runnable cancel) {
        Stop stop = new Stop();
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                stop.previous.put(signal, Signal.handle(signal, s -> {
                    if (stop.received != null) {
                        cancel.run();
                    }
                    synchronized (stop) {
                        stop.received = s;
                        stop.notifyAll(); // ends a pause at once
                    }
                }));
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal for itself (-Xrs): its own handling stands
            }
        }
        return stop;
    }

    boolean requested() {
        return received != null;
    }

    /** Waits {@code ms} milliseconds between batches, or until a signal comes if sooner. */
    synchronized void pause(long ms) {
        long until = System.nanoTime() + ms * 1_000_000;
        for (long left = ms * 1_000_000; received == null && left > 0; left = until - System.nanoTime()) {
            try {
                wait(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** SIGINT or SIGTERM. */
    String name() {
        return "SIG" + received.getName();
    }

    /** 130 or 143, as a shell reports a process ended by the signal. */
    int exitCode() {
        return 128 + received.getNumber();
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
