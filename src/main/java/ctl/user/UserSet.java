package ctl.user;

import ctl.base.CtlException;
import ctl.core.Audit;
import ctl.core.Task;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.model.Users;
import org.jooq.Record;
import org.jooq.TableField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static ctl.db.schema.Tables.USERS;

@Command(description = "Set a local user's moderator, locked, admin and confirmed states, in one go.",
        footer = {"  ctl user set alice --moderator --no-admin", "  ctl user set bob --locked --confirmed"})
public final class UserSet extends Task {
    @Parameters(paramLabel = "USER", description = "Nickname, email or id.") String ref;
    @Option(names = "--moderator", negatable = true, description = "Make the user a moderator, or not.") Boolean moderator;
    @Option(names = "--locked", negatable = true, description = "Lock the account (followers need approval), or not.") Boolean locked;
    @Option(names = "--admin", negatable = true, description = "Make the user an admin, or not.") Boolean admin;
    @Option(names = "--confirmed", negatable = true, description = "Mark the email as confirmed, or not.") Boolean confirmed;

    /** Pleroma's order and wording: "Moderator status of alice: true". */
    private static final Map<String, String> LABELS = Map.of(
            "moderator", "Moderator", "locked", "Locked", "admin", "Admin", "confirmed", "Confirmation");

    @Override
    protected int run() {
        Map<TableField<UsersRecord, Boolean>, Boolean> wanted = new LinkedHashMap<>();
        if (moderator != null) wanted.put(USERS.MODERATOR, moderator);
        if (locked != null) wanted.put(USERS.LOCKED, locked);
        if (admin != null) wanted.put(USERS.ADMIN, admin);
        if (confirmed != null) wanted.put(USERS.CONFIRMED, confirmed);
        if (wanted.isEmpty()) {
            throw CtlException.usage("nothing to set: give --[no-]moderator, --[no-]locked, --[no-]admin or --[no-]confirmed");
        }
        Record after = ctx.db().transaction(dsl -> {
            UsersRecord user = Users.requireLocal(Users.findForUpdate(dsl, ref));
            Map<TableField<UsersRecord, Boolean>, Boolean> changes = new LinkedHashMap<>(wanted);
            changes.entrySet().removeIf(e -> e.getValue().equals(user.get(e.getKey())));
            if (changes.isEmpty()) {
                return user.into(Users.FIELDS);
            }
            dsl.update(USERS)
                    .set(changes)
                    .set(USERS.UPDATED_AT, ctx.clock().instant().atOffset(ZoneOffset.UTC))
                    .where(USERS.ID.eq(user.getId()))
                    .execute();
            Audit audit = Audit.update(user.getNickname());
            changes.forEach((field, value) -> audit.param(field.getName(), value));
            audit.change("users", 1).write(dsl, ctx);
            return Users.reread(dsl, user.getId());
        });
        String nickname = after.get(USERS.NICKNAME);
        wanted.forEach((field, value) -> ctx.out().status(LABELS.get(field.getName()) + " status of " + nickname + ": " + value));
        Users.print(ctx, after);
        return 0;
    }
}
