package ctl.base;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;

/**
 * The options every task takes, before or after the task name (SPEC §1). One instance per
 * run, shared by every command of the parse: picocli copies INHERIT options into each
 * subcommand but binds them to this object.
 */
public final class GlobalOptions {
    @Option(names = "--database-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "PostgreSQL URL: postgres://user:pass@host:port/db, postgresql://… or jdbc:postgresql://…")
    public String databaseUrl;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Config file (Java properties). Default: $CTL_CONFIG, else /etc/ctl/ctl.conf if it exists.")
    public Path config;

    @Option(names = "--embedded", scope = ScopeType.INHERIT,
            description = "Use the embedded database even when another one is configured.")
    public boolean embedded;

    @Option(names = "--base-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The application's public URL, for links. Default: http://localhost:4000.")
    public String baseUrl;

    @Option(names = "--format", scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "Output format: table, json, jsonl or csv (default: table).")
    public Format format;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Short for --format json.")
    public boolean json;

    @Option(names = {"-y", "--assume-yes"}, scope = ScopeType.INHERIT,
            description = "Answer yes to every confirmation (needed without a terminal).")
    public boolean assumeYes;

    @Option(names = "--dry-run", scope = ScopeType.INHERIT,
            description = "Validate and do the work in a transaction that is rolled back.")
    public boolean dryRun;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Only data on stdout and errors on stderr.")
    public boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Say more; show the stack trace of an internal error.")
    public boolean verbose;

    @Option(names = {"-h", "--help"}, scope = ScopeType.INHERIT, usageHelp = true,
            description = "Show this help and exit.")
    public boolean help;

    @Option(names = {"-V", "--version"}, scope = ScopeType.INHERIT, versionHelp = true,
            description = "Print the version and exit.")
    public boolean version;

    public Format format() {
        if (json) {
            return Format.JSON;
        }
        return format == null ? Format.TABLE : format;
    }
}
