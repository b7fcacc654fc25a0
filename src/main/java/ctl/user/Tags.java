package ctl.user;

import ctl.core.Audit;
import ctl.core.Context;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.model.Users;
import org.jooq.Record;

import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

import static ctl.db.schema.Tables.USERS;

/** What tag and untag share: change a user's tag set under a row lock, and say Pleroma's line. */
final class Tags {
    private Tags() {}

    /** Applies {@code edit} to the user's tags; writes (and audits) only when they changed. */
    static Record change(Context ctx, String ref, String[] given, Consumer<Set<String>> edit) {
        Record after = ctx.db().transaction(dsl -> {
            UsersRecord user = Users.findForUpdate(dsl, ref);
            Set<String> tags = new LinkedHashSet<>(Arrays.asList(user.getTags()));
            edit.accept(tags);
            String[] result = tags.toArray(String[]::new);
            if (Arrays.equals(result, user.getTags())) {
                return user.into(Users.FIELDS);
            }
            dsl.update(USERS)
                    .set(USERS.TAGS, result)
                    .set(USERS.UPDATED_AT, ctx.clock().instant().atOffset(ZoneOffset.UTC))
                    .where(USERS.ID.eq(user.getId()))
                    .execute();
            Audit.update(user.getNickname()).param("tags", given).change("users", 1).write(dsl, ctx);
            return Users.reread(dsl, user.getId());
        });
        ctx.out().status("Tags of " + after.get(USERS.NICKNAME) + ": " + Arrays.toString(after.get(USERS.TAGS)));
        return after;
    }
}
