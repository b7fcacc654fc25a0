package ctl.token;

import ctl.base.CtlException;
import ctl.core.Audit;
import ctl.core.Task;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.model.UserInput;
import ctl.model.Users;
import ctl.security.PasswordOptions;
import ctl.security.Passwords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.Arrays;

@Command(description = "Check a user's password and issue an access token (1 hour) and a refresh token (30 days).",
        footer = {"  ctl token login alice                # asks for the password on a terminal",
                  "  printf '%%s\\n' \"$PASS\" | ctl token login alice --password-stdin --json"})
public final class TokenLogin extends Task {
    /**
     * Checked in place of the password of a user who may not log in, so that the answer
     * takes as long as for a wrong password. Nobody knows its password.
     */
    private static final String DUMMY_HASH =
            "$argon2id$v=19$m=19456,t=2,p=1$ocSoYJjJJb+AMP28rSebcw$PYFzm79lZD3TfcsrneAb7UVRVQFRDJfxmZOGsZmjXEw";

    @Parameters(paramLabel = "USER", description = "Nickname, email or id.") String ref;
    @Mixin PasswordOptions password;
    @Option(names = "--label", paramLabel = "L", defaultValue = "login",
            description = "What the token is for (default: ${DEFAULT-VALUE}).") String label;
    @Option(names = "--expires-in", paramLabel = "TIME",
            description = "Lifetime of the access token: seconds (3600) or 90s, 15m, 1h, 30d. Default: 1h.") String expiresIn;

    @Override
    protected int run() {
        Duration access = expiresIn == null ? ApiTokens.ACCESS_LIFETIME : ApiTokens.lifetime("--expires-in", expiresIn);
        UserInput.line("label", label, 100);
        char[] secret = password.readToVerify(ctx);
        if (secret == null && !ctx.env().terminal().interactive()) {
            throw CtlException.usage("no password given: use --password-stdin or --password-file (or run on a terminal)");
        }
        UsersRecord user = ctx.db().read(dsl -> Users.find(dsl, ref));
        if (secret == null) {
            secret = ctx.env().terminal().readPassword("Password: ");
            if (secret == null) {
                throw CtlException.aborted("no password given, nothing changed");
            }
        }
        // One answer, one cost, for a wrong password and for a user who may not log in.
        boolean mayLogIn = user.getLocal() && user.getActivated() && user.getPasswordHash() != null;
        boolean matches = Passwords.verify(secret, mayLogIn ? user.getPasswordHash() : DUMMY_HASH);
        Arrays.fill(secret, '\0');
        if (!(mayLogIn && matches)) {
            throw CtlException.invalid("invalid credentials for " + user.getNickname());
        }
        var now = ApiTokens.now(ctx);
        ApiTokens.Issued issued = ctx.db().transaction(dsl -> {
            if (!ApiTokens.lockHolder(dsl, user.getId())) { // deactivated or removed meanwhile
                throw CtlException.invalid("invalid credentials for " + user.getNickname());
            }
            ApiTokens.Issued token = ApiTokens.issue(dsl, now, user.getId(), label, new String[0],
                    access, ApiTokens.REFRESH_LIFETIME, null);
            Audit.create(user.getNickname())
                    .param("id", token.id()).param("label", label)
                    .param("expires_at", token.expiresAt()).param("refresh_expires_at", token.refreshExpiresAt())
                    .change("api_tokens", 1)
                    .write(dsl, ctx);
            ctx.out().beforeCommit(() -> ctx.out().record(token.pair()));
            return token;
        });
        ctx.out().status("Token " + issued.id() + " issued for " + user.getNickname());
        return 0;
    }
}
