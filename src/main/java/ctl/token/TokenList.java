package ctl.token;

import org.jooq.SelectLimitStep;
import org.jooq.DSLContext;
import ctl.core.ListTask;
import ctl.model.Users;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.USERS;

@Command(description = "List API tokens, of every user or of one, ordered by id. Never shows a token itself.",
        footer = {"  ctl token list alice",
                  "  ctl token list --all --format jsonl | jq 'select(.revoked_at != null)'",
                  "  ctl token list --limit 50 --page 2 --fields id,user,label,expires_at"})
public final class TokenList extends ListTask {
    /**
     * The table's columns, made to fit 80 columns: scopes as one word ({@code read,write}), the
     * times in UTC to the minute. --fields and the machine formats have every field as itself.
     * Built when the task runs, not when the command table is (start-up).
     */
    private static Field<?>[] tableFields(boolean all) {
        Field<?>[] shown = {API_TOKENS.ID, ApiTokens.USER, API_TOKENS.LABEL,
                DSL.field("array_to_string({0}, ',')", String.class, API_TOKENS.SCOPES).as("scopes"),
                day(API_TOKENS.CREATED_AT, "created"), minute(API_TOKENS.EXPIRES_AT, "expires"),
                day(API_TOKENS.LAST_USED_AT, "last_used"), day(API_TOKENS.REVOKED_AT, "revoked")};
        return all ? shown : java.util.Arrays.copyOf(shown, shown.length - 1);
    }

    /** {@code 2026-03-01}: a date, so that fitting the table never cuts it. */
    private static Field<LocalDate> day(Field<OffsetDateTime> time, String name) {
        return DSL.field("({0} at time zone 'UTC')::date", SQLDataType.LOCALDATE, time).as(name);
    }

    /** {@code 2026-03-01T12:00}: a time, so that fitting the table never cuts it. */
    private static Field<LocalDateTime> minute(Field<OffsetDateTime> time, String name) {
        return DSL.field("date_trunc('minute', {0} at time zone 'UTC')", SQLDataType.LOCALDATETIME, time).as(name);
    }

    @Parameters(arity = "0..1", paramLabel = "USER", description = "Only this user's tokens (nickname, email or id).") String ref;
    @Option(names = "--all", description = "Also the revoked tokens of refresh chains, kept until token prune.") boolean all;

    @Override
    protected Columns columns() {
        return new Columns(ApiTokens.FIELDS, tableFields(all), true);
    }

    @Override
    protected SelectLimitStep<Record> query(DSLContext dsl, Field<?>[] columns) {
        Condition where = all ? DSL.noCondition() : API_TOKENS.REVOKED_AT.isNull();
        if (ref != null) {
            where = where.and(API_TOKENS.USER_ID.eq(Users.find(dsl, ref).getId()));
        }
        return dsl.select(columns)
                .from(API_TOKENS)
                .join(USERS).on(USERS.ID.eq(API_TOKENS.USER_ID))
                .where(where)
                .orderBy(API_TOKENS.ID);
    }
}
