package ctl.user;

import ctl.base.CtlException;
import ctl.core.Audit;
import ctl.core.Task;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.model.UserInput;
import ctl.model.Users;
import ctl.output.Output;
import ctl.security.PasswordOptions;
import ctl.security.Passwords;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static ctl.db.schema.Tables.USERS;

@Command(description = "Create a local user.",
        footer = {"  ctl user new alice alice@example.com --admin",
                  "  printf '%%s\\n' \"$PASS\" | ctl user new bob@example.com --password-stdin -y",
                  "  ctl user new carol carol@example.com     # no password: prints a reset link"})
public final class UserNew extends Task {
    @Parameters(index = "0..1", arity = "1..2", paramLabel = "[NICKNAME] EMAIL", hideParamSyntax = true,
            description = "The nickname and email, or just the email (the nickname is then its local part).")
    List<String> names;

    @Option(names = "--name", description = "Display name (up to 100 characters).") String name;
    @Option(names = "--bio", description = "Bio (up to 5000 characters).") String bio;
    @Option(names = "--company", description = "Company.") String company;
    // Two options rather than one with two names: picocli names an option by its longest
    // name, and "--admin --no-admin" should not be reported as a repeated --superadmin.
    @Option(names = "--admin", negatable = true, description = "Make the user an admin.") Boolean adminOption;
    @Option(names = "--superadmin", negatable = true, description = "Same as --admin.") Boolean superadminOption;
    boolean admin;
    @Option(names = "--moderator", negatable = true, description = "Make the user a moderator.") boolean moderator;
    @Option(names = "--confirmed", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Mark the email as confirmed (default: yes).") boolean confirmed;
    @Option(names = "--approved", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Approve the registration (default: yes).") boolean approved;
    @Option(names = "--tag", paramLabel = "TAG", description = "A tag; repeat for more.") List<String> tags = new ArrayList<>();
    @Option(names = "--metadata", paramLabel = "JSON", description = "Metadata, a JSON object.") String metadata;
    @Mixin PasswordOptions password;

    @Override
    protected int run() {
        Field<String> resetUrl = DSL.field(DSL.name("password_reset_url"), SQLDataType.VARCHAR);
        if (adminOption != null && superadminOption != null && !adminOption.equals(superadminOption)) {
            throw CtlException.usage("--admin and --superadmin are the same option: give one, yes or no");
        }
        admin = Boolean.TRUE.equals(adminOption) || Boolean.TRUE.equals(superadminOption);
        String nickname;
        String email;
        if (names.size() == 2) {
            nickname = UserInput.nickname(names.get(0));
            email = UserInput.email(names.get(1));
        } else if (names.get(0).contains("@")) {
            email = UserInput.email(names.get(0));
            nickname = UserInput.nickname(email.substring(0, email.indexOf('@')));
        } else {
            throw CtlException.usage("missing EMAIL: ctl user new NICKNAME EMAIL, or ctl user new EMAIL");
        }
        UserInput.name(name);
        UserInput.bio(bio);
        UserInput.company(company);
        String[] tagArray = UserInput.tags(tags);
        JSONB meta = metadata == null ? JSONB.jsonb("{}") : UserInput.metadata(metadata);
        char[] secret = password.read(ctx);

        ctx.db().read(dsl -> {
            if (Users.nicknameTaken(dsl, nickname)) {
                throw CtlException.conflict("nickname " + nickname + " is taken");
            }
            if (Users.emailTaken(dsl, email)) {
                throw CtlException.conflict("email " + email + " is taken");
            }
            return null;
        });

        boolean interactive = ctx.env().terminal().interactive();
        if (secret == null && interactive) {
            secret = PasswordOptions.prompt(ctx);
        }
        if (interactive && !ctx.options().assumeYes) {
            ctx.out().notice(summary(nickname, email, secret != null));
            ctx.confirm("Continue?");
        }

        String hash = secret == null ? Passwords.unusable() : Passwords.hash(secret);
        boolean resetLink = secret == null;
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
        var now = ctx.clock().instant().atOffset(ZoneOffset.UTC);
        Record created = ctx.db().transaction(dsl -> {
            UsersRecord user = dsl.insertInto(USERS)
                    .set(USERS.NICKNAME, nickname)
                    .set(USERS.EMAIL, email)
                    .set(USERS.NAME, name)
                    .set(USERS.BIO, bio)
                    .set(USERS.COMPANY, company)
                    .set(USERS.PASSWORD_HASH, hash)
                    .set(USERS.ADMIN, admin)
                    .set(USERS.MODERATOR, moderator)
                    .set(USERS.CONFIRMED, confirmed)
                    .set(USERS.APPROVED, approved)
                    .set(USERS.TAGS, tagArray)
                    .set(USERS.METADATA, meta)
                    .set(USERS.CREATED_AT, now)
                    .set(USERS.UPDATED_AT, now)
                    .returning()
                    .fetchOne();
            String link = resetLink ? PasswordReset.create(dsl, ctx, user.getId()) : null;
            Audit.create(nickname)
                    .param("nickname", nickname).param("email", email).param("name", name)
                    .param("admin", admin).param("moderator", moderator)
                    .param("confirmed", confirmed).param("approved", approved).param("tags", tagArray)
                    .param("password", resetLink ? "reset link" : "given")
                    .change("users", 1)
                    .write(dsl, ctx);
            return Output.plus(user.into(Users.FIELDS), resetUrl, link);
        });

        ctx.out().status("User " + nickname + " created");
        // Under --dry-run the reset token was rolled back: a link to it would only mislead.
        String link = ctx.dryRun() ? null : created.get(resetUrl);
        if (ctx.out().format() == ctl.base.Format.TABLE) {
            if (link != null) {
                ctx.out().notice("No password was given: send " + nickname + " this link to set one (valid 24 hours):");
                ctx.out().data(link);
            }
        } else {
            ctx.out().record(link == null ? created.into(Users.FIELDS) : created);
        }
        return 0;
    }

    private String summary(String nickname, String email, boolean hasPassword) {
        return "A new user will be created:\n"
                + "  nickname:  " + nickname + "\n"
                + "  email:     " + email + "\n"
                + (name == null ? "" : "  name:      " + name + "\n")
                + (company == null ? "" : "  company:   " + company + "\n")
                + "  admin:     " + admin + "\n"
                + "  moderator: " + moderator + "\n"
                + "  confirmed: " + confirmed + "\n"
                + "  approved:  " + approved + "\n"
                + (tags.isEmpty() ? "" : "  tags:      " + String.join(", ", tags) + "\n")
                + "  password:  " + (hasPassword ? "as given" : "none: a reset link will be printed");
    }

}
