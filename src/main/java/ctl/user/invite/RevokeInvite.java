package ctl.user.invite;

import ctl.core.Audit;
import ctl.core.Task;
import ctl.db.schema.tables.records.InvitesRecord;
import ctl.security.Tokens;
import org.jooq.DSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static ctl.db.schema.Tables.INVITES;

@Command(description = "Revoke an invite by token or id, or every usable invite for an email address.",
        footer = {"  ctl user revoke_invite 3",
                  "  ctl user revoke_invite bob@example.com"})
public final class RevokeInvite extends Task {
    @Parameters(paramLabel = "TOKEN_OR_ID", description = "The invite's token or id, or the email it was made for.")
    String ref;

    @Override
    protected int run() {
        var now = ctx.clock().instant().atOffset(ZoneOffset.UTC);
        // Tokens are URL-safe base64 and never hold an '@'.
        boolean byEmail = ref.contains("@");
        List<InvitesRecord> revoked = ctx.db().transaction(dsl -> {
            List<InvitesRecord> done = byEmail ? revokeForEmail(dsl, now) : revokeOne(dsl, now);
            if (!done.isEmpty()) {
                List<Long> ids = done.stream().map(InvitesRecord::getId).toList();
                Audit.update(byEmail ? ref : "invite " + ids.get(0))
                        .param("ids", ids.toArray(Long[]::new)).param("email", byEmail ? ref : null)
                        .change("invites", ids.size())
                        .write(dsl, ctx);
            }
            return done;
        });
        // Status lines after the commit: a retried transaction would print twice.
        if (revoked.isEmpty()) {
            ctx.out().status(byEmail ? "No usable invite for " + ref + ": already revoked, used up or expired"
                    : "Invite for token " + ctx.db().read(dsl -> Invites.byTokenOrId(dsl, ref)).getToken() + " was already revoked");
        }
        for (InvitesRecord invite : revoked) {
            ctx.out().status("Invite for token " + invite.getToken() + " was revoked.");
        }
        return 0;
    }

    private List<InvitesRecord> revokeOne(DSLContext dsl, OffsetDateTime now) {
        InvitesRecord invite = Invites.byTokenOrId(dsl, ref);
        if (invite == null) {
            throw Invites.notFound(ref);
        }
        if (invite.getUsed()) {
            return List.of();
        }
        dsl.update(INVITES)
                .set(INVITES.USED, true)
                .set(INVITES.UPDATED_AT, now)
                .where(INVITES.ID.eq(invite.getId()))
                .execute();
        return List.of(invite);
    }

    /** Every usable invite for the address; a dead one is left as it is. */
    private List<InvitesRecord> revokeForEmail(DSLContext dsl, OffsetDateTime now) {
        if (!dsl.fetchExists(INVITES, Invites.forEmail(ref))) {
            throw Invites.notFound(ref);
        }
        List<InvitesRecord> done = dsl.update(INVITES)
                .set(INVITES.USED, true)
                .set(INVITES.UPDATED_AT, now)
                .where(Invites.forEmail(ref).and(Invites.usable(Invites.today(ctx))))
                .returning()
                .fetch()
                .sortAsc(INVITES.ID);
        return done;
    }
}
