package ctl.user;

import ctl.base.CtlException;
import ctl.core.Audit;
import ctl.core.Task;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.model.UserInput;
import ctl.model.Users;
import org.jooq.JSONB;
import org.jooq.Record;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static ctl.db.schema.Tables.USERS;

@Command(description = "Change a user's profile, email or nickname.",
        footer = {"  ctl user update alice --name 'Alice Liddell' --bio 'Down the rabbit hole'",
                  "  ctl user update alice --email alice@new.example        # now unconfirmed",
                  "  ctl user update alice --tags staff,ops --metadata '{\"team\":\"infra\"}'"})
public final class UserUpdate extends Task {
    @Parameters(paramLabel = "USER", description = "Nickname, email or id.") String ref;
    @Option(names = "--name", description = "Display name (up to 100 characters).") String name;
    @Option(names = "--bio", description = "Bio (up to 5000 characters).") String bio;
    @Option(names = "--company", description = "Company.") String company;
    @Option(names = "--email", description = "New email; the user must confirm it unless --confirmed.") String email;
    @Option(names = "--confirmed", description = "With --email: keep the user confirmed.") boolean confirmed;
    @Option(names = "--nickname", description = "New nickname, if no one (not even a deleted user) has it.") String nickname;
    @Option(names = "--metadata", paramLabel = "JSON", description = "Replace the metadata with this JSON object.") String metadata;
    @Option(names = "--tags", paramLabel = "a,b", split = ",", description = "Replace the tags.") List<String> tags;

    @Override
    protected int run() {
        if (confirmed && email == null) {
            throw CtlException.usage("--confirmed goes with --email");
        }
        if (name == null && bio == null && company == null && email == null && nickname == null
                && metadata == null && tags == null) {
            throw CtlException.usage("nothing to update: give --name, --bio, --company, --email, --nickname, --metadata or --tags");
        }
        UserInput.name(name);
        UserInput.bio(bio);
        UserInput.company(company);
        if (email != null) UserInput.email(email);
        if (nickname != null) UserInput.nickname(nickname);
        JSONB meta = metadata == null ? null : UserInput.metadata(metadata);
        String[] tagArray = tags == null ? null : UserInput.tags(tags);

        record Updated(String line, Record user) {}
        Updated updated = ctx.db().transaction(dsl -> {
            UsersRecord user = Users.find(dsl, ref);
            if (!user.getLocal() && (email != null || nickname != null)) {
                throw CtlException.conflict(user.getNickname() + " is a remote user: its email and nickname belong to its instance");
            }
            if (nickname != null && !nickname.equalsIgnoreCase(user.getNickname()) && Users.nicknameTaken(dsl, nickname)) {
                throw CtlException.conflict("nickname " + nickname + " is taken");
            }
            if (email != null && !email.equalsIgnoreCase(user.getEmail()) && Users.emailTaken(dsl, email)) {
                throw CtlException.conflict("email " + email + " is taken");
            }
            List<String> changed = new ArrayList<>();
            var update = dsl.update(USERS).set(USERS.UPDATED_AT, ctx.clock().instant().atOffset(ZoneOffset.UTC));
            Audit audit = Audit.update(user.getNickname());
            if (name != null) { update = update.set(USERS.NAME, name); changed.add("name"); audit.param("name", name); }
            if (bio != null) { update = update.set(USERS.BIO, bio); changed.add("bio"); audit.param("bio", bio); }
            if (company != null) { update = update.set(USERS.COMPANY, company); changed.add("company"); audit.param("company", company); }
            if (email != null) {
                update = update.set(USERS.EMAIL, email).set(USERS.CONFIRMED, confirmed);
                changed.add("email");
                audit.param("email", email).param("confirmed", confirmed);
            }
            if (nickname != null) { update = update.set(USERS.NICKNAME, nickname); changed.add("nickname"); audit.param("nickname", nickname); }
            if (meta != null) { update = update.set(USERS.METADATA, meta); changed.add("metadata"); audit.param("metadata", meta); }
            if (tagArray != null) { update = update.set(USERS.TAGS, tagArray); changed.add("tags"); audit.param("tags", tagArray); }
            update.where(USERS.ID.eq(user.getId())).execute();
            audit.change("users", 1).write(dsl, ctx);
            // The record as this transaction leaves it, so a dry run shows what the real run would.
            return new Updated("User " + (nickname == null ? user.getNickname() : nickname) + " updated: "
                    + String.join(", ", changed), Users.reread(dsl, user.getId()));
        });
        ctx.out().status(updated.line());
        Users.print(ctx, updated.user());
        return 0;
    }
}
