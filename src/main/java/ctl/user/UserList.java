package ctl.user;

import org.jooq.SelectLimitStep;
import org.jooq.DSLContext;
import ctl.core.ListTask;
import ctl.model.Users;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static ctl.db.schema.Tables.USERS;

@Command(description = "List users, local ones by default, ordered by id.",
        footer = {"  ctl user list --admin",
                  "  ctl user list --all --format jsonl | jq -r .nickname",
                  "  ctl user list --limit 20 --page 3 --fields id,nickname,email"})
public final class UserList extends ListTask {
    static class Scope {
        @Option(names = "--remote", description = "Remote users only.") boolean remote;
        @Option(names = "--all", description = "Local and remote users.") boolean all;
    }

    @ArgGroup(exclusive = true) Scope scope = new Scope();
    @Option(names = "--admin", description = "Admins only.") boolean admin;
    @Option(names = "--moderator", description = "Moderators only.") boolean moderator;
    @Option(names = "--deactivated", description = "Deactivated users only.") boolean deactivated;
    @Option(names = "--unconfirmed", description = "Users whose email is not confirmed.") boolean unconfirmed;
    @Option(names = "--pending", description = "Users awaiting approval.") boolean pending;
    @Option(names = "--tag", paramLabel = "TAG", description = "Users with this tag.") String tag;
    @Option(names = "--instance", paramLabel = "HOST", description = "Remote users of this instance.") String instance;

    @Override
    protected Columns columns() {
        return Users.LIST;
    }

    @Override
    protected SelectLimitStep<Record> query(DSLContext dsl, Field<?>[] columns) {
        return dsl.select(columns).from(USERS).where(conditions()).orderBy(USERS.ID);
    }

    private Condition conditions() {
        List<Condition> where = new ArrayList<>();
        where.add(USERS.DELETED_AT.isNull());
        if (instance != null) {
            where.add(DSL.lower(USERS.INSTANCE).eq(instance.toLowerCase(Locale.ROOT)));
        } else if (scope.remote) {
            where.add(USERS.LOCAL.isFalse());
        } else if (!scope.all) {
            where.add(USERS.LOCAL.isTrue());
        }
        if (admin) where.add(USERS.ADMIN.isTrue());
        if (moderator) where.add(USERS.MODERATOR.isTrue());
        if (deactivated) where.add(USERS.ACTIVATED.isFalse());
        if (unconfirmed) where.add(USERS.CONFIRMED.isFalse());
        if (pending) where.add(USERS.APPROVED.isFalse());
        if (tag != null) where.add(USERS.TAGS.contains(new String[] {tag.toLowerCase(Locale.ROOT)}));
        return DSL.and(where);
    }
}
