package ctl.user;

import ctl.bulk.BulkRun;
import ctl.core.Audit;
import ctl.core.Task;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.model.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.ZoneOffset;

import static ctl.db.schema.Tables.ACTIVITIES;
import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUTHORIZATIONS;
import static ctl.db.schema.Tables.FOLLOWS;
import static ctl.db.schema.Tables.GROUP_MEMBERS;
import static ctl.db.schema.Tables.PASSWORD_RESET_TOKENS;
import static ctl.db.schema.Tables.USERS;

@Command(description = "Delete a user and their data; the nickname stays taken unless --purge.",
        footer = {"  ctl user rm alice", "  ctl user rm alice --purge -y     # also frees the nickname"})
public final class UserRm extends Task {
    @Parameters(paramLabel = "USER", description = "Nickname, email or id.")
    String ref;

    @Option(names = "--purge", description = "Remove the row itself, freeing the nickname.")
    boolean purge;

    @Override
    protected int run() {
        UsersRecord user = ctx.db().read(dsl -> Users.findWithTombstones(dsl, ref));
        String nickname = user.getNickname();
        boolean tombstone = user.getDeletedAt() != null;
        if (tombstone && !purge) {
            ctx.out().status("User " + nickname + " is already deleted");
            return 0;
        }
        ctx.confirm(purge
                ? "Delete user " + nickname + " and all their data, and free the nickname?"
                : "Delete user " + nickname + " and all their data?");

        long id = user.getId();
        var now = ctx.clock().instant().atOffset(ZoneOffset.UTC);
        long activities;
        long follows;
        try (BulkRun run = BulkRun.start(ctx, Audit.delete(nickname).param("user_id", id).param("purge", purge))) {
            run.counting("activities", "activities of " + nickname).counting("follows", "follows of " + nickname);
            // The row lock first, before anything of the user's changes (exit 7 if the
            // application holds it); deactivated, the user can post no more while it empties.
            run.begin(dsl -> {
                Users.lock(dsl, id);
                return dsl.update(USERS).set(USERS.ACTIVATED, false).set(USERS.UPDATED_AT, now)
                        .where(USERS.ID.eq(id)).execute();
            });
            activities = run.delete("activities", ACTIVITIES, ACTIVITIES.USER_ID.eq(id), ACTIVITIES.ID);
            follows = run.delete("follows", FOLLOWS, FOLLOWS.FOLLOWER_ID.eq(id).or(FOLLOWS.FOLLOWED_ID.eq(id)),
                    FOLLOWS.FOLLOWER_ID, FOLLOWS.FOLLOWED_ID);
            run.finish(dsl -> {
                // The row lock again: a token being issued meanwhile (token login) holds the row
                // FOR SHARE, so it either commits before this deletes the tokens, or sees the tombstone.
                Users.lock(dsl, id);
                run.count("api_tokens", dsl.deleteFrom(API_TOKENS).where(API_TOKENS.USER_ID.eq(id)).execute());
                run.count("authorizations", dsl.deleteFrom(AUTHORIZATIONS).where(AUTHORIZATIONS.USER_ID.eq(id)).execute());
                run.count("password_reset_tokens",
                        dsl.deleteFrom(PASSWORD_RESET_TOKENS).where(PASSWORD_RESET_TOKENS.USER_ID.eq(id)).execute());
                run.count("group_memberships", dsl.deleteFrom(GROUP_MEMBERS).where(GROUP_MEMBERS.USER_ID.eq(id)).execute());
                if (purge) {
                    run.count("users_purged", dsl.deleteFrom(USERS).where(USERS.ID.eq(id)).execute());
                } else {
                    run.count("users_deleted", dsl.update(USERS)
                            .set(USERS.EMAIL, (String) null)
                            .set(USERS.NAME, (String) null)
                            .set(USERS.BIO, (String) null)
                            .set(USERS.COMPANY, (String) null)
                            .set(USERS.PASSWORD_HASH, (String) null)
                            .set(USERS.METADATA, org.jooq.JSONB.jsonb("{}"))
                            .set(USERS.TAGS, new String[0])
                            .set(USERS.ADMIN, false)
                            .set(USERS.MODERATOR, false)
                            .set(USERS.ACTIVATED, false)
                            .set(USERS.DELETED_AT, now)
                            .set(USERS.UPDATED_AT, now)
                            .where(USERS.ID.eq(id))
                            .execute());
                }
                return null;
            });
        }
        ctx.out().status("User " + nickname + " deleted.");
        ctx.out().status("Removed " + activities + " activities and " + follows + " follows"
                + (purge ? "; the nickname " + nickname + " is free again" : ""));
        return 0;
    }
}
