package ctl.user;

import org.jooq.SelectLimitStep;
import org.jooq.DSLContext;
import ctl.core.ListTask;
import ctl.model.Users;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.USERS;

@Command(description = "Find users whose nickname, email or name contains QUERY, case ignored.",
        footer = {"  ctl user search ali", "  ctl user search @example.com --fields id,nickname --format csv"})
public final class UserSearch extends ListTask {
    @Parameters(paramLabel = "QUERY", description = "Text to look for; %% and _ match themselves.")
    String query;

    @Override
    protected Columns columns() {
        return Users.LIST;
    }

    /** Not deleted, QUERY in the nickname, email or name; jOOQ's containsIgnoreCase escapes LIKE's wildcards. */
    @Override
    protected SelectLimitStep<Record> query(DSLContext dsl, Field<?>[] columns) {
        return dsl.select(columns).from(USERS)
                .where(USERS.DELETED_AT.isNull())
                .and(USERS.NICKNAME.containsIgnoreCase(query)
                        .or(USERS.EMAIL.containsIgnoreCase(query))
                        .or(USERS.NAME.containsIgnoreCase(query)))
                .orderBy(USERS.ID);
    }
}
