package ctl.group;

import ctl.base.CtlException;
import ctl.db.schema.tables.records.GroupsRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.regex.Pattern;

import static ctl.db.schema.Tables.GROUPS;

/** Finding a group by name (case ignored), as every group task's NAME argument does. */
final class Groups {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

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
