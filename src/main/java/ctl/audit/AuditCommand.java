package ctl.audit;

import ctl.core.Group;
import picocli.CommandLine.Command;

/** {@code ctl audit …}: what every data-changing task recorded (SPEC §4.6). */
@Command(name = "audit",
        description = "Read the audit log.",
        footerHeading = "%nExamples:%n",
        footer = {"  ctl audit list --operation user.rm --after 2026-11-01", "  ctl audit get 42 --json"},
        subcommands = {AuditList.class, AuditGet.class})
public final class AuditCommand extends Group {
}
