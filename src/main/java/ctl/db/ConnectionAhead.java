package ctl.db;

import ctl.base.CtlException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Issue 11: the connection of a task that only reads, opened on a thread of its own while jOOQ
 * warms up, rather than after. {@link Database#open} takes its outcome, the connection or the
 * failure to say, when it is for the config the task resolved itself; a run that never
 * connects (a check of its own failed) closes it unused. Never for the embedded database,
 * whose start has notices and effects of its own. This thread touches no jOOQ class.
 */
public final class ConnectionAhead {
    private final DatabaseConfig config;
    private final String task;
    private Connection connection;
    private Properties properties;
    private CtlException failure;
    private boolean done;
    private boolean abandoned;

    private ConnectionAhead(DatabaseConfig config, String task) {
        this.config = config;
        this.task = task;
    }

    /** Starts connecting as the config says; null for the embedded database. */
    public static ConnectionAhead start(DatabaseConfig config, String task) {
        if (config.embedded()) {
            return null;
        }
        ConnectionAhead ahead = new ConnectionAhead(config, task);
        Thread thread = new Thread(ahead::connect, "ctl-connect");
        thread.setDaemon(true);
        thread.start();
        return ahead;
    }

    private void connect() {
        Properties props = Database.properties(config, config.jdbcUrl(), config.user(), config.password(), task);
        Connection c = null;
        CtlException f = null;
        try {
            c = Database.driverConnect(config.jdbcUrl(), config.user(), props);
        } catch (CtlException e) {
            f = e;
        } catch (RuntimeException | Error e) {
            f = null; // unexpected: the task's own thread connects again and meets it there
        }
        synchronized (this) {
            connection = c;
            properties = props;
            failure = f;
            done = true;
            notifyAll();
            if (abandoned) {
                closeQuietly();
            }
        }
    }

    /** Whether it was opened as a connection for this config and task would be. */
    boolean isFor(DatabaseConfig config, String task) {
        return this.config.equals(config) && this.task.equals(task);
    }

    /**
     * Waits for it: the connection (the caller owns it from now on), or the failure it met,
     * thrown as connecting on the task's thread would have; null when it could not say.
     */
    synchronized Connection take() {
        boolean interrupted = false;
        while (!done) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        abandoned = true; // taken: nothing for close() to do
        if (failure != null) {
            throw failure;
        }
        Connection c = connection;
        connection = null;
        return c;
    }

    /** The driver settings it connected with. */
    synchronized Properties properties() {
        return properties;
    }

    /** The run ends without having taken it: closed now, or as soon as it is open. */
    public synchronized void close() {
        abandoned = true;
        if (done) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // best effort: the server ends a session whose client went away
            }
            connection = null;
        }
    }
}
