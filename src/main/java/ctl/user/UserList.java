package ctl.user;

import ctl.CtlException;
import ctl.Task;
import ctl.output.Format;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static ctl.db.schema.Tables.USERS;

@Command(name = "list",
        description = "List users, local ones by default, ordered by id.",
        footerHeading = "%nExamples:%n",
        footer = {"  ctl user list --admin",
                  "  ctl user list --all --format jsonl | jq -r .nickname",
                  "  ctl user list --limit 20 --page 3 --fields id,nickname,email"})
public final class UserList extends Task {
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
    @Option(names = "--limit", paramLabel = "N", description = "At most N users.") Integer limit;
    @Option(names = "--page", paramLabel = "N", description = "Page N (from 1) of --limit users.") Integer page;
    @Option(names = "--offset", paramLabel = "N", description = "Skip the first N users.") Integer offset;
    @Option(names = "--fields", paramLabel = "a,b,…", split = ",",
            description = "Columns to show, of: id, nickname, email, name, bio, company, local, instance, admin, "
                    + "moderator, locked, confirmed, activated, approved, tags, metadata, created_at, updated_at.")
    List<String> fields;

    @Override
    protected int run() {
        Field<?>[] columns = columns();
        int skip = skip();
        Condition where = conditions();
        return ctx.db().transaction(dsl -> {
            var query = dsl.select(columns).from(USERS).where(where).orderBy(USERS.ID).offset(skip);
            var limited = limit == null ? query : query.limit(limit);
            try (Cursor<Record> cursor = limited.fetchSize(1000).fetchLazy()) {
                ctx.out().list(columns, cursor.iterator());
            }
            return 0;
        });
    }

    private Field<?>[] columns() {
        if (fields == null) {
            return ctx.out().format() == Format.TABLE ? Users.TABLE_FIELDS : Users.FIELDS;
        }
        List<Field<?>> chosen = new ArrayList<>();
        for (String name : fields) {
            Field<?> field = Arrays.stream(Users.FIELDS)
                    .filter(f -> f.getName().equals(name.trim().toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElseThrow(() -> CtlException.usage("unknown field \"" + name + "\"; fields: "
                            + Arrays.stream(Users.FIELDS).map(Field::getName).collect(Collectors.joining(", "))));
            chosen.add(field);
        }
        return chosen.toArray(Field[]::new);
    }

    private int skip() {
        if (limit != null && limit < 1) throw CtlException.usage("--limit must be at least 1");
        if (offset != null && offset < 0) throw CtlException.usage("--offset must not be negative");
        if (page != null && offset != null) throw CtlException.usage("use --page or --offset, not both");
        if (page != null) {
            if (page < 1) throw CtlException.usage("--page must be at least 1");
            if (limit == null) throw CtlException.usage("--page needs --limit");
            return (page - 1) * limit;
        }
        return offset == null ? 0 : offset;
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
