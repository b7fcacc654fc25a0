package ctl.user;

import ctl.base.CtlException;
import ctl.core.Audit;
import ctl.core.Context;
import ctl.core.Task;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.model.Users;
import ctl.security.PasswordOptions;
import ctl.security.Passwords;
import org.jooq.DSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.ZoneOffset;
import java.util.Arrays;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUTHORIZATIONS;
import static ctl.db.schema.Tables.USERS;

@Command(description = "Set a user's password.",
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
        String hash = hash(ctx, secret);
        ctx.db().transaction(dsl -> {
            Audit audit = Audit.update(user.getNickname()).param("sign_out", signOut);
            set(dsl, ctx, user.getId(), hash, signOut, audit);
            audit.write(dsl, ctx);
            return null;
        });
        said(ctx, user.getNickname(), signOut);
        return 0;
    }

    /**
     * The argon2id hash of the password given, or else asked twice on a terminal; exit 2 with
     * neither. The password itself is wiped.
     */
    static String hash(Context ctx, char[] given) {
        char[] secret = given;
        if (secret == null) {
            if (!ctx.env().terminal().interactive()) {
                throw CtlException.usage("no password given: use --password-stdin or --password-file (or run on a terminal)");
            }
            secret = PasswordOptions.prompt(ctx);
        }
        String hash = Passwords.hash(secret);
        Arrays.fill(secret, '\0');
        return hash;
    }

    /**
     * Sets the user's password hash and, with {@code signOut}, deletes their API tokens and app
     * authorizations; counts all of it in {@code audit}.
     */
    static void set(DSLContext dsl, Context ctx, long userId, String hash, boolean signOut, Audit audit) {
        dsl.update(USERS)
                .set(USERS.PASSWORD_HASH, hash)
                .set(USERS.UPDATED_AT, ctx.clock().instant().atOffset(ZoneOffset.UTC))
                .where(USERS.ID.eq(userId))
                .execute();
        int tokens = signOut ? dsl.deleteFrom(API_TOKENS).where(API_TOKENS.USER_ID.eq(userId)).execute() : 0;
        int apps = signOut ? dsl.deleteFrom(AUTHORIZATIONS).where(AUTHORIZATIONS.USER_ID.eq(userId)).execute() : 0;
        audit.change("users", 1).change("api_tokens", tokens).change("authorizations", apps);
    }

    /** The status lines of a changed password, after the commit. */
    static void said(Context ctx, String nickname, boolean signOut) {
        ctx.out().status("Password of " + nickname + " changed");
        if (signOut) {
            ctx.out().status(nickname + " signed out from all apps.");
        }
    }
}
