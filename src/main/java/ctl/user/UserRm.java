package ctl.user;

import ctl.Task;
import ctl.audit.Audit;
import ctl.bulk.Batches;
import ctl.db.schema.tables.records.UsersRecord;
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

@Command(name = "rm", aliases = {"remove", "delete"},
        description = "Delete a user and their data; the nickname stays taken unless --purge.",
        footerHeading = "%nExamples:%n",
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
        long activities = Batches.delete(ctx, "activities of " + nickname,
                ACTIVITIES, ACTIVITIES.USER_ID.eq(id), ACTIVITIES.ID);
        long follows = Batches.delete(ctx, "follows of " + nickname,
                FOLLOWS, FOLLOWS.FOLLOWER_ID.eq(id).or(FOLLOWS.FOLLOWED_ID.eq(id)),
                FOLLOWS.FOLLOWER_ID, FOLLOWS.FOLLOWED_ID);

        var now = ctx.clock().instant().atOffset(ZoneOffset.UTC);
        ctx.db().transaction(dsl -> {
            // The row lock first: a token being issued meanwhile (token login) holds the row
            // FOR SHARE, so it either commits before this deletes the tokens, or sees the tombstone.
            dsl.selectOne().from(USERS).where(USERS.ID.eq(id)).forUpdate().fetch();
            int tokens = dsl.deleteFrom(API_TOKENS).where(API_TOKENS.USER_ID.eq(id)).execute();
            int authorizations = dsl.deleteFrom(AUTHORIZATIONS).where(AUTHORIZATIONS.USER_ID.eq(id)).execute();
            int resets = dsl.deleteFrom(PASSWORD_RESET_TOKENS).where(PASSWORD_RESET_TOKENS.USER_ID.eq(id)).execute();
            int memberships = dsl.deleteFrom(GROUP_MEMBERS).where(GROUP_MEMBERS.USER_ID.eq(id)).execute();
            if (purge) {
                dsl.deleteFrom(USERS).where(USERS.ID.eq(id)).execute();
            } else {
                dsl.update(USERS)
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
                        .execute();
            }
            Audit.delete("user.rm", nickname)
                    .param("user_id", id).param("purge", purge)
                    .change("activities", activities).change("follows", follows).change("api_tokens", tokens)
                    .change("authorizations", authorizations).change("password_reset_tokens", resets)
                    .change("group_memberships", memberships).change(purge ? "users_purged" : "users_deleted", 1)
                    .write(dsl, ctx);
            return null;
        });
        ctx.out().status("User " + nickname + " deleted.");
        ctx.out().status("Removed " + activities + " activities and " + follows + " follows"
                + (purge ? "; the nickname " + nickname + " is free again" : ""));
        return 0;
    }
}
