package ctl.token;

import ctl.core.Task;
import ctl.model.Users;
import ctl.output.ListOptions;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.USERS;

@Command(name = "list", aliases = "ls",
        description = "List API tokens, of every user or of one, ordered by id. Never shows a token itself.",
        footerHeading = "%nExamples:%n",
        footer = {"  ctl token list alice",
                  "  ctl token list --all --format jsonl | jq 'select(.revoked_at != null)'",
                  "  ctl token list --limit 50 --page 2 --fields id,user,label,expires_at"})
public final class TokenList extends Task {
    /** The table's columns; built when the task runs, not when the command table is (start-up). */
    private static Field<?>[] tableFields(boolean all) {
        Field<?>[] shown = {API_TOKENS.ID, ApiTokens.USER, API_TOKENS.LABEL, API_TOKENS.SCOPES,
                API_TOKENS.CREATED_AT, API_TOKENS.EXPIRES_AT, API_TOKENS.LAST_USED_AT, API_TOKENS.REVOKED_AT};
        return all ? shown : java.util.Arrays.copyOf(shown, shown.length - 1);
    }

    @Parameters(arity = "0..1", paramLabel = "USER", description = "Only this user's tokens (nickname, email or id).") String ref;
    @Option(names = "--all", description = "Also the revoked tokens of refresh chains, kept until token prune.") boolean all;
    @Mixin ListOptions paging;

    @Override
    public boolean writes() {
        return false;
    }

    @Override
    protected int run() {
        Field<?>[] columns = paging.columns(ApiTokens.FIELDS, tableFields(all), ctx.out().format());
        paging.check();
        return ctx.db().transaction(dsl -> {
            Condition where = all ? DSL.noCondition() : API_TOKENS.REVOKED_AT.isNull();
            if (ref != null) {
                where = where.and(API_TOKENS.USER_ID.eq(Users.find(dsl, ref).getId()));
            }
            var query = paging.page(ctx.out(), dsl, dsl.select(columns)
                    .from(API_TOKENS)
                    .join(USERS).on(USERS.ID.eq(API_TOKENS.USER_ID))
                    .where(where)
                    .orderBy(API_TOKENS.ID));
            try (Cursor<Record> cursor = query.fetchSize(1000).fetchLazy()) {
                ctx.out().list(columns, cursor.iterator());
            }
            return 0;
        });
    }
}
