package ctl.user;

import ctl.base.CtlException;
import ctl.bulk.BulkRun;
import ctl.core.Audit;
import ctl.core.Task;
import ctl.db.schema.tables.Users;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.output.Output;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.Result;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static ctl.db.schema.Tables.FOLLOWS;
import static ctl.db.schema.Tables.USERS;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;

@Command(description = "Unsubscribe every user of one instance (exact host, case ignored): "
                + "remove their local followers and deactivate them.",
        footer = {"  ctl user unsubscribe_all_from_instance bad.example",
                "  ctl user unsubscribe_all_from_instance bad.example --dry-run"})
public final class UserUnsubscribeAllFromInstance extends Task {
    /** A host name (Unicode or punycode), optionally with a port: no spaces, '@', '/' or scheme. */
    private static final Pattern HOST = Pattern.compile(
            "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}._-]*[\\p{L}\\p{N}])?(?::\\d{1,5})?");

    /** More local followers than this, and a user is unsubscribed alone, in batches of follows. */
    private static final int HEAVY = 1000;
    /** Batches of users start at this many (each with up to HEAVY follows), then are sized by time. */
    private static final int FIRST_USERS = 10;
    private static final int MAX_USERS = 10_000;

    @Parameters(paramLabel = "HOST", description = "The instance's host, as in example.com (not a URL).")
    String host;

    /** A host name of at most 253 characters (DNS's bound), with a port from 1 to 65535 if any. */
    private static boolean valid(String host) {
        if (!HOST.matcher(host).matches()) {
            return false;
        }
        int colon = host.lastIndexOf(':');
        if (colon < 0) {
            return host.length() <= 253;
        }
        int port = Integer.parseInt(host.substring(colon + 1)); // at most 5 digits: HOST says so
        return colon <= 253 && port >= 1 && port <= 65535;
    }

    @Override
    protected int run() {
        if (!valid(host)) {
            throw CtlException.usage("invalid host \"" + host + "\": give the instance's host name, such as example.com");
        }
        // The whole host, case ignored: Pleroma's substring match also caught notexample.com.
        Condition ofInstance = lower(USERS.INSTANCE).eq(lower(val(host))).and(USERS.DELETED_AT.isNull());
        long follows;
        long[] users = {0};
        try (BulkRun run = BulkRun.start(ctx, Audit.update(host.toLowerCase(Locale.ROOT)))) {
            run.counting("follows", "local follows of users of " + host).counting("users_deactivated", "users deactivated");
            // A user with many local followers is unsubscribed alone, their follows in batches of
            // their own; the others a batch of users at a time (see unsubscribe).
            List<Long> heavy = ctx.db().read(dsl -> dsl.select(FOLLOWS.FOLLOWED_ID).from(FOLLOWS)
                    .where(FOLLOWS.FOLLOWED_ID.in(select(USERS.ID).from(USERS).where(ofInstance)))
                    .groupBy(FOLLOWS.FOLLOWED_ID)
                    .having(count().gt(HEAVY))
                    .orderBy(FOLLOWS.FOLLOWED_ID)
                    .fetch(FOLLOWS.FOLLOWED_ID));
            Output.Lines[] lines = {ctx.out().lines()}; // two, alternating: see Output.statusLater
            int[] batchUsers = {0};
            run.walk(USERS, ofInstance.and(USERS.ID.notIn(heavy)), new Field<?>[] {USERS.ID}, FIRST_USERS, MAX_USERS,
                    (dsl, rows) -> batchUsers[0] = unsubscribe(run, dsl, rows, lines[0]),
                    () -> { // committed: the batch's lines are written while the next batch runs
                        users[0] += batchUsers[0];
                        int held = lines[0].size();
                        lines[0] = ctx.out().statusLater(lines[0]);
                        return held;
                    });
            for (long id : heavy) {
                UsersRecord user = ctx.db().read(dsl -> dsl.selectFrom(USERS).where(USERS.ID.eq(id)).and(ofInstance).fetchOne());
                if (user != null) {
                    ctx.out().status("Unsubscribing " + user.getNickname() + " from " + host);
                    UserUnsubscribe.unsubscribe(ctx, run, user);
                    users[0]++;
                }
            }
            if (users[0] == 0) {
                ctx.out().status("No users from " + host + ": nothing to do");
                return 0;
            }
            follows = run.count("follows");
            run.finish(dsl -> {
                if (run.count("follows") + run.count("users_deactivated") > 0) {
                    run.count("users", users[0]);
                }
                return null;
            });
        }
        ctx.out().status("Unsubscribed " + users[0] + " user" + (users[0] == 1 ? "" : "s") + " from " + host + ": removed "
                + follows + " local follow" + (follows == 1 ? "" : "s"));
        return 0;
    }

    /**
     * One batch of users, in one transaction: their rows locked (exit 7 if the application
     * holds one), they deactivated, their local followers' follows removed; Pleroma's lines for
     * each, in id order, into {@code lines} for after the commit (the removed follows come
     * sorted, through a cursor: only the lines are kept). Returns how many users.
     */
    private int unsubscribe(BulkRun run, DSLContext dsl, Condition rows, Output.Lines lines) {
        lines.clear(); // a retried transaction starts again
        Result<Record3<Long, String, Boolean>> batch = dsl.select(USERS.ID, USERS.NICKNAME, USERS.ACTIVATED)
                .from(USERS).where(rows).orderBy(USERS.ID).forUpdate().fetch();
        int deactivated = dsl.update(USERS)
                .set(USERS.ACTIVATED, false)
                .set(USERS.UPDATED_AT, ctx.clock().instant().atOffset(ZoneOffset.UTC))
                .where(rows)
                .and(USERS.ACTIVATED.isTrue())
                .execute();
        // The follower's row read once: whether it is local, and its nickname for the line.
        Users follower = USERS.as("follower");
        CommonTableExpression<Record3<Long, Long, String>> gone = DSL.name("gone").as(dsl.deleteFrom(FOLLOWS)
                .using(follower)
                .where(FOLLOWS.FOLLOWED_ID.eq(any(batch.getValues(USERS.ID).toArray(new Long[0]))))
                .and(follower.ID.eq(FOLLOWS.FOLLOWER_ID))
                .and(follower.LOCAL.isTrue())
                .returningResult(FOLLOWS.FOLLOWED_ID, FOLLOWS.FOLLOWER_ID, follower.NICKNAME));
        long follows = 0;
        // Read as the cursor's JDBC rows: a batch of 10,000 follows took about 40 ms so, 50 as jOOQ records.
        try (Cursor<Record> removed = dsl.fetchLazy(DSL.with(gone).select(gone.fields()).from(gone)
                .orderBy(gone.field(0), gone.field(1)).fetchSize(1000));
             ResultSet rs = removed.resultSet()) {
            boolean more = rs.next();
            for (var user : batch) {
                String nickname = user.get(USERS.NICKNAME);
                long id = user.get(USERS.ID);
                lines.add("Unsubscribing " + nickname + " from " + host);
                for (; more && rs.getLong(1) == id; more = rs.next()) {
                    lines.add("Unsubscribing " + rs.getString(3) + " from " + nickname);
                    follows++;
                }
                lines.add(user.get(USERS.ACTIVATED) ? "Deactivating " + nickname : "User " + nickname + " already deactivated");
                lines.add("Successfully unsubscribed all local followers from " + nickname);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e.getMessage(), e);
        }
        run.count("follows", follows);
        run.count("users_deactivated", deactivated);
        return batch.size();
    }
}
