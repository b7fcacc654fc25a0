package ctl.user;

import ctl.base.CtlException;
import ctl.bulk.BulkRun;
import ctl.core.Audit;
import ctl.core.Task;
import ctl.db.schema.tables.records.UsersRecord;
import org.jooq.Condition;
import org.jooq.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.regex.Pattern;

import static ctl.db.schema.Tables.USERS;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.val;

@Command(description = "Unsubscribe every user of one instance (exact host, case ignored): "
                + "remove their local followers and deactivate them.",
        footer = {"  ctl user unsubscribe_all_from_instance bad.example",
                "  ctl user unsubscribe_all_from_instance bad.example --dry-run"})
public final class UserUnsubscribeAllFromInstance extends Task {
    /** A host name (Unicode or punycode), optionally with a port: no spaces, '@', '/' or scheme. */
    private static final Pattern HOST = Pattern.compile(
            "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}._-]*[\\p{L}\\p{N}])?(?::\\d{1,5})?");

    private static final int PAGE = 1000;

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
        long users = 0;
        long follows;
        try (BulkRun run = BulkRun.start(ctx, Audit.update(host.toLowerCase(Locale.ROOT)))) {
            long after = 0;
            while (true) {
                long from = after;
                Result<UsersRecord> page = ctx.db().read(dsl -> dsl.selectFrom(USERS)
                        .where(ofInstance).and(USERS.ID.gt(from))
                        .orderBy(USERS.ID)
                        .limit(PAGE)
                        .fetch());
                for (UsersRecord user : page) {
                    ctx.out().status("Unsubscribing " + user.getNickname() + " from " + host);
                    UserUnsubscribe.unsubscribe(ctx, run, user);
                    users++;
                    after = user.getId();
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
            if (users == 0) {
                ctx.out().status("No users from " + host + ": nothing to do");
                return 0;
            }
            follows = run.count("follows");
            long seen = users;
            run.finish(dsl -> {
                if (run.count("follows") + run.count("users_deactivated") > 0) {
                    run.count("users", seen);
                }
                return null;
            });
        }
        ctx.out().status("Unsubscribed " + users + " user" + (users == 1 ? "" : "s") + " from " + host + ": removed "
                + follows + " local follow" + (follows == 1 ? "" : "s"));
        return 0;
    }
}
