package ctl.user;

import ctl.base.CtlException;
import ctl.core.Audit;
import ctl.core.Task;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.model.Users;
import ctl.security.PasswordOptions;
import ctl.security.Passwords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.ZoneOffset;
import java.util.Arrays;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUTHORIZATIONS;
import static ctl.db.schema.Tables.USERS;

@Command(name = "password",
        description = "Set a user's password.",
        footerHeading = "%nExamples:%n",
        footer = {"  ctl user password alice                      # asks twice on a terminal",
                  "  printf '%%s\\n' \"$PASS\" | ctl user password alice --password-stdin --sign-out"})
public final class UserPassword extends Task {
    @Parameters(paramLabel = "USER", description = "Nickname, email or id.") String ref;
    @Mixin PasswordOptions password;
    @Option(names = "--sign-out", description = "Also revoke every API token and app authorization of the user.") boolean signOut;

    @Override
    protected int run() {
        char[] secret = password.read(ctx);
        UsersRecord user = ctx.db().read(dsl -> Users.find(dsl, ref));
        if (!user.getLocal()) {
            throw CtlException.conflict(user.getNickname() + " is a remote user: it has no password here");
        }
        if (secret == null) {
            if (!ctx.env().terminal().interactive()) {
                throw CtlException.usage("no password given: use --password-stdin or --password-file (or run on a terminal)");
            }
            secret = PasswordOptions.prompt(ctx);
        }
        String hash = Passwords.hash(secret);
        Arrays.fill(secret, '\0');
        ctx.db().transaction(dsl -> {
            dsl.update(USERS)
                    .set(USERS.PASSWORD_HASH, hash)
                    .set(USERS.UPDATED_AT, ctx.clock().instant().atOffset(ZoneOffset.UTC))
                    .where(USERS.ID.eq(user.getId()))
                    .execute();
            int tokens = signOut ? dsl.deleteFrom(API_TOKENS).where(API_TOKENS.USER_ID.eq(user.getId())).execute() : 0;
            int apps = signOut ? dsl.deleteFrom(AUTHORIZATIONS).where(AUTHORIZATIONS.USER_ID.eq(user.getId())).execute() : 0;
            Audit.update(user.getNickname())
                    .param("sign_out", signOut)
                    .change("users", 1).change("api_tokens", tokens).change("authorizations", apps)
                    .write(dsl, ctx);
            return null;
        });
        ctx.out().status("Password of " + user.getNickname() + " changed");
        if (signOut) {
            ctx.out().status(user.getNickname() + " signed out from all apps.");
        }
        return 0;
    }
}
