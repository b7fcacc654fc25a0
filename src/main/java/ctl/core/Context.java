package ctl.core;

import ctl.base.CtlException;
import ctl.base.Environment;
import ctl.base.GlobalOptions;
import ctl.db.Database;
import ctl.db.DatabaseConfig;
import ctl.output.Output;

import java.time.Clock;

/**
 * What every task is handed: the database, the output, the clock, the actor and the run
 * options. The database is opened on first use, so {@code --help} and usage errors never
 * connect.
 */
public final class Context implements AutoCloseable {
    private final Environment env;
    private final GlobalOptions options;
    private Output output;
    private DatabaseConfig config;
    private Database database;
    private String taskName = "ctl";
    private boolean writes = true;

    public Context(Environment env, GlobalOptions options) {
        this.env = env;
        this.options = options;
    }

    public Environment env() { return env; }
    public GlobalOptions options() { return options; }
    public Clock clock() { return env.clock(); }
    public boolean dryRun() { return options.dryRun; }

    /**
     * Set by the wiring once the command line is parsed: the command's names from the command
     * table ({@code ctl user rm}, whatever alias was typed), and whether the task writes.
     */
    public void task(String name, boolean writes) {
        this.taskName = name;
        this.writes = writes;
    }

    /** {@code ctl user rm}: the session's application_name. */
    public String taskName() { return taskName; }

    /** {@code user.rm}: the audit log's operation, {@code <group>.<task>} as the command table names them. */
    public String operation() {
        return taskName.replaceFirst("^ctl ", "").replace(' ', '.');
    }

    public Output out() {
        if (output == null) {
            output = new Output(env.stdout(), env.stderr(), options.format(), options.quiet, options.dryRun);
        }
        return output;
    }

    public DatabaseConfig config() {
        if (config == null) {
            config = DatabaseConfig.resolve(env, options);
            config.warnings().forEach(out()::warn);
        }
        return config;
    }

    /** The database, connected and checked against this ctl's schema version. */
    public Database db() {
        if (database == null) {
            database = Database.open(opening(), true, writes);
        }
        return database;
    }

    /** The database without the schema check, for {@code migrate} and {@code doctor}. */
    public Database dbForMigration() {
        if (database == null) {
            database = Database.open(opening(), false, writes);
        }
        return database;
    }

    private Database.Opening opening() {
        return new Database.Opening(config(), taskName, dryRun(), env.vars(), out()::notice);
    }


    public Actor actor() { return Actor.of(env); }

    /**
     * Asks the operator to confirm, as SPEC §4 says: yes with -y; on a terminal, a
     * {@code [y/N]} prompt; with no terminal, exit 1 without changing anything.
     */
    public void confirm(String question) {
        if (options.assumeYes) {
            return;
        }
        if (!env.terminal().interactive()) {
            throw CtlException.aborted("confirmation needed: " + question.replaceAll("\\?$", "")
                    + "; rerun with -y to confirm without a terminal");
        }
        String answer = env.terminal().readLine(Output.visible(question) + " [y/N] ");
        if (answer == null || !answer.trim().toLowerCase().matches("y|yes")) {
            throw CtlException.aborted("aborted, nothing changed");
        }
    }

    @Override
    public void close() {
        if (output != null) {
            output.flush();
        }
        if (database != null) {
            database.close();
        }
    }
}
