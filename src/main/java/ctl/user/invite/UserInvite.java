package ctl.user.invite;

import ctl.base.CtlException;
import ctl.base.Format;
import ctl.core.Audit;
import ctl.core.Task;
import ctl.model.UserInput;
import ctl.output.Output;
import ctl.security.Tokens;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import static ctl.db.schema.Tables.INVITES;

@Command(description = "Create a registration invite and print its link.",
        footer = {"  ctl user invite                                   # one use",
                  "  ctl user invite --max-use 10 --expires-at 2026-12-31",
                  "  ctl user invite --email bob@example.com --json"})
public final class UserInvite extends Task {
    @Option(names = "--expires-at", paramLabel = "YYYY-MM-DD", description = "Last day (UTC) the invite can be used.")
    String expiresAt;

    @Option(names = "--max-use", paramLabel = "N", description = "How many registrations it allows (at least 1).")
    Integer maxUse;

    @Option(names = "--email", paramLabel = "EMAIL", description = "The address the invite is for.")
    String email;

    private static Field<?>[] fields() {
        return new Field<?>[] {INVITES.ID, INVITES.TOKEN, INVITES.TYPE, INVITES.MAX_USE, INVITES.USES,
                INVITES.EXPIRES_AT, INVITES.EMAIL, INVITES.USED, INVITES.CREATED_AT};
    }

    @Override
    protected int run() {
        if (maxUse != null && maxUse < 1) {
            throw CtlException.usage("--max-use must be at least 1");
        }
        LocalDate expires = expiresAt == null ? null : expiry(expiresAt);
        if (email != null) {
            UserInput.email(email);
        }
        String type = type(maxUse != null, expires != null);
        var now = ctx.clock().instant().atOffset(ZoneOffset.UTC);
        var invite = ctx.db().transaction(dsl -> {
            var created = dsl.insertInto(INVITES)
                    .set(INVITES.TOKEN, Tokens.generate())
                    .set(INVITES.TYPE, type)
                    .set(INVITES.MAX_USE, maxUse)
                    .set(INVITES.EXPIRES_AT, expires)
                    .set(INVITES.EMAIL, email)
                    .set(INVITES.CREATED_AT, now)
                    .set(INVITES.UPDATED_AT, now)
                    .returning()
                    .fetchOne();
            // The token is no secret (SPEC §6), but the audit log has no need of it.
            Audit.create("invite " + created.getId())
                    .param("id", created.getId()).param("type", type).param("max_use", maxUse)
                    .param("expires_at", expires == null ? null : expires.toString()).param("email", email)
                    .change("invites", 1)
                    .write(dsl, ctx);
            return created;
        });

        String link = Invites.link(ctx, invite.getToken());
        ctx.out().status("Generated user invite token " + type.replace('_', ' '));
        if (ctx.dryRun()) {
            return 0; // the invite was rolled back: a link to it would only mislead
        }
        ctx.out().lineOrRecord(link, Output.plus(invite.into(fields()), DSL.field(DSL.name("url"), SQLDataType.VARCHAR), link));
        return 0;
    }

    /** Pleroma's invite types, from the options given. */
    static String type(boolean maxUse, boolean expires) {
        if (maxUse) {
            return expires ? "reusable_date_limited" : "reusable";
        }
        return expires ? "date_limited" : "one_time";
    }

    private LocalDate expiry(String text) {
        LocalDate date;
        try {
            if (!text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new DateTimeParseException("not YYYY-MM-DD", text, 0);
            }
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw CtlException.invalid("invalid date \"" + text + "\" for --expires-at: use YYYY-MM-DD");
        }
        LocalDate today = Invites.today(ctx);
        if (date.isBefore(today)) {
            throw CtlException.invalid("--expires-at " + text + " is in the past (today is " + today + " UTC)");
        }
        return date;
    }
}
