package ctl.group;

import ctl.base.CtlException;
import ctl.db.schema.tables.records.GroupsRecord;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.SQLDataType;
import org.jooq.impl.DSL;

import java.util.regex.Pattern;

import static ctl.db.schema.Tables.GROUPS;
import static ctl.db.schema.Tables.GROUP_MEMBERS;

/** Finding a group by name (case ignored), as every group task's NAME argument does. */
final class Groups {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** A group's own fields, as get and create show them. */
    static final Field<?>[] FIELDS = {GROUPS.ID, GROUPS.NAME, GROUPS.SUMMARY, GROUPS.CREATED_AT};
    /** The nicknames of its members, beside its fields in get. */
    static final Field<String[]> MEMBER_NAMES = DSL.field(DSL.name("members"), SQLDataType.CLOB.array());
    /** What list shows: the fields with the member count. */
    static final Field<?>[] LIST_FIELDS = {GROUPS.ID, GROUPS.NAME, GROUPS.SUMMARY,
            DSL.field(DSL.selectCount().from(GROUP_MEMBERS).where(GROUP_MEMBERS.GROUP_ID.eq(GROUPS.ID))).as("members"),
            GROUPS.CREATED_AT};

    private Groups() {}

    static GroupsRecord find(DSLContext dsl, String name) {
        GroupsRecord group = dsl.selectFrom(GROUPS).where(DSL.lower(GROUPS.NAME).eq(DSL.lower(DSL.val(name)))).fetchOne();
        if (group == null) {
            throw CtlException.notFound("no group " + name);
        }
        return group;
    }

    static String validName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw CtlException.invalid("invalid group name \"" + name + "\": use 1-64 letters, digits, _, . or -");
        }
        return name;
    }
}
