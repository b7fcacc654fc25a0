package ctl.cli;

import ctl.base.Build;
import ctl.base.GlobalOptions;
import ctl.core.Group;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/** The top command, {@code ctl}: the global options, the version, and the overview its help gives. The table is {@link Commands}. */
@Command(name = "ctl",
        versionProvider = Ctl.Version.class,
        description = "Admin tasks for the community application, run directly on its database.",
        footer = {"  ctl user new alice alice@example.com --admin",
                  "  ctl user list --json | jq '.[].nickname'",
                  "  DATABASE_URL=postgres://app@db.internal/app ctl migrate"})
public final class Ctl extends Group {
    @Mixin GlobalOptions options;

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ctl " + Build.version()};
        }
    }
}
