package ctl.cli;

import ctl.audit.AuditCommand;
import ctl.base.Build;
import ctl.base.GlobalOptions;
import ctl.completion.Completion;
import ctl.core.Group;
import ctl.group.GroupCommand;
import ctl.migrate.Migrate;
import ctl.token.TokenCommand;
import ctl.user.UserCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The top of the command table: every group and task ctl has. */
@Command(name = "ctl",
        versionProvider = Ctl.Version.class,
        description = "Admin tasks for the community application, run directly on its database.",
        subcommands = {
                UserCommand.class,
                Migrate.class,
                ctl.doctor.Doctor.class,
                // tokens
                TokenCommand.class,
                // groups
                GroupCommand.class,
                // audit
                AuditCommand.class,
                // completion
                Completion.class,
        },
        footerHeading = "%nExamples:%n",
        footer = {"  ctl user new alice alice@example.com --admin",
                  "  ctl user list --json | jq '.[].nickname'",
                  "  DATABASE_URL=postgres://app@db.internal/app ctl migrate",
                  "%nExit codes: 0 ok, 1 aborted, 2 usage, 3 not found, 4 conflict, 5 invalid data,",
                  "6 database unavailable, 7 busy (retry), 8 schema mismatch, 70 internal error."})
public final class Ctl extends Group {
    @Mixin GlobalOptions options;

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ctl " + Build.version()};
        }
    }
}
