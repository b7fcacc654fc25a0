package ctl.user;

import ctl.base.CtlException;
import ctl.core.Audit;
import ctl.core.Task;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.model.Users;
import ctl.security.PasswordOptions;
import ctl.security.TokenOptions;
import org.jooq.Record;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

@Command(description = {"Create a password reset token for a local user and print its link (valid 24 hours, single use).",
                "With --complete, finish a reset: check the token and set the new password of its user."},
        footer = {"  ctl user reset_password alice", "  LINK=$(ctl user reset_password alice -q)",
                  "  printf '%%s\\n%%s\\n' \"$TOKEN\" \"$PASS\" |",
                  "    ctl user reset_password --complete --token-stdin --password-stdin",
                  "  ctl user reset_password --complete --token-file t.txt  # asks twice"})
public final class UserResetPassword extends Task {
    @Parameters(arity = "0..1", paramLabel = "USER", description = "Nickname, email or id (not with --complete).") String ref;
    @Option(names = "--complete",
            description = "Finish a reset: the token from --token-stdin or --token-file (first line), then the new "
                    + "password as user password takes it (next line of stdin, a file, or asked twice).") boolean complete;
    @Mixin TokenOptions resetToken;
    @Mixin PasswordOptions password;
    @Option(names = "--sign-out",
            description = "With --complete: also revoke every API token and app authorization of the user.") boolean signOut;

    @Override
    protected int run() {
        if (complete) {
            return complete();
        }
        if (resetToken.given() || password.given() || signOut) {
            throw CtlException.usage("--token-stdin, --token-file, --password-stdin, --password-file, --password "
                    + "and --sign-out go with --complete");
        }
        if (ref == null) {
            throw CtlException.usage("missing USER: whose password to reset (or --complete to finish a reset)");
        }
        Record reset = ctx.db().transaction(dsl -> {
            UsersRecord user = Users.requireLocal(Users.find(dsl, ref));
            String link = PasswordReset.create(dsl, ctx, user.getId());
            Audit.create(user.getNickname()).change("password_reset_tokens", 1).write(dsl, ctx);
            Record shown = dsl.newRecord(DSL.field("nickname", String.class), DSL.field("password_reset_url", String.class))
                    .values(user.getNickname(), link);
            ctx.out().beforeCommit(() -> ctx.out().lineOrRecord(link, shown));
            return shown;
        });
        ctx.out().status("Generated password reset token for " + reset.get(0));
        return 0;
    }

    /**
     * The new password is hashed before the token is looked at, so an unknown, a used and an
     * expired token take as long to refuse as a good one takes to accept.
     */
    private int complete() {
        if (ref != null) {
            throw CtlException.usage("--complete takes no USER: the reset token names the user");
        }
        String line = resetToken.require(ctx, null);  // read first: the first line of stdin
        // the link as reset_password printed it works too: a token never holds a '/'
        String token = line.substring(line.lastIndexOf('/') + 1);
        String hash = UserPassword.hash(ctx, password.read(ctx));
        OffsetDateTime now = ctx.clock().instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        String nickname = ctx.db().transaction(dsl -> {
            PasswordReset.Redeemed redeemed = PasswordReset.redeem(dsl, token, now);
            UsersRecord user = Users.lock(dsl, redeemed.userId());
            if (!user.getLocal() || user.getDeletedAt() != null) {
                throw CtlException.invalid(PasswordReset.INVALID);
            }
            Audit audit = Audit.update(user.getNickname()).param("complete", true).param("sign_out", signOut)
                    .change("password_reset_tokens", redeemed.spent());
            UserPassword.set(dsl, ctx, user.getId(), hash, signOut, audit);
            audit.write(dsl, ctx);
            return user.getNickname();
        });
        UserPassword.said(ctx, nickname, signOut);
        return 0;
    }
}
