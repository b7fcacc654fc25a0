package ctl.group;

import ctl.core.ShowTask;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.GROUPS;
import static ctl.db.schema.Tables.GROUP_MEMBERS;
import static ctl.db.schema.Tables.USERS;

@Command(description = "Show a group and its members.",
        footer = {"  ctl group get staff", "  ctl group get staff --json | jq -r '.members[]'"})
public final class GroupGet extends ShowTask {
    @Parameters(paramLabel = "NAME", description = "The group's name.")
    String name;

    @Override
    protected Record find(DSLContext dsl) {
        var found = Groups.find(dsl, name);
        String[] members = dsl.select(USERS.NICKNAME)
                .from(GROUP_MEMBERS).join(USERS).on(USERS.ID.eq(GROUP_MEMBERS.USER_ID))
                .where(GROUP_MEMBERS.GROUP_ID.eq(found.getId()))
                .orderBy(DSL.lower(USERS.NICKNAME))
                .fetchArray(USERS.NICKNAME);
        Record r = dsl.newRecord(GROUPS.ID, GROUPS.NAME, GROUPS.SUMMARY, GROUPS.CREATED_AT, Groups.MEMBER_NAMES);
        r.set(GROUPS.ID, found.getId());
        r.set(GROUPS.NAME, found.getName());
        r.set(GROUPS.SUMMARY, found.getSummary());
        r.set(GROUPS.CREATED_AT, found.getCreatedAt());
        r.set(Groups.MEMBER_NAMES, members);
        return r;
    }
}
