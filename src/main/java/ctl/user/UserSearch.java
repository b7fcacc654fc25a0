package ctl.user;

import ctl.core.Task;
import ctl.model.Users;
import ctl.output.ListOptions;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.Field;
import org.jooq.Record;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.USERS;

@Command(name = "search",
        description = "Find users whose nickname, email or name contains QUERY, case ignored.",
        footerHeading = "%nExamples:%n",
        footer = {"  ctl user search ali", "  ctl user search @example.com --fields id,nickname --format csv"})
public final class UserSearch extends Task {
    @Parameters(paramLabel = "QUERY", description = "Text to look for; %% and _ match themselves.")
    String query;

    @Mixin ListOptions paging;

    @Override
    public boolean writes() {
        return false;
    }

    @Override
    protected int run() {
        Field<?>[] columns = paging.columns(Users.FIELDS, Users.TABLE_FIELDS, ctx.out().format());
        paging.check();
        // jOOQ's containsIgnoreCase escapes LIKE's wildcards in the value.
        Condition matches = USERS.NICKNAME.containsIgnoreCase(query)
                .or(USERS.EMAIL.containsIgnoreCase(query))
                .or(USERS.NAME.containsIgnoreCase(query));
        return ctx.db().transaction(dsl -> {
            var select = paging.page(ctx.out(), dsl, dsl.select(columns).from(USERS)
                    .where(USERS.DELETED_AT.isNull()).and(matches)
                    .orderBy(USERS.ID));
            try (Cursor<Record> cursor = select.fetchSize(1000).fetchLazy()) {
                ctx.out().list(columns, cursor.iterator());
            }
            return 0;
        });
    }
}
