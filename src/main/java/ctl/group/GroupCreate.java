package ctl.group;

import ctl.base.CtlException;
import ctl.core.Audit;
import ctl.core.Group;
import ctl.core.Task;
import ctl.model.UserInput;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.ZoneOffset;

import static ctl.db.schema.Tables.GROUPS;

@Command(description = "Create a group.",
        footer = {"  ctl group create staff --summary 'The people who run the site'"})
public final class GroupCreate extends Task {
    @Parameters(paramLabel = "NAME", description = "1-64 letters, digits, _, . or -; unique, case ignored.")
    String name;

    @Option(names = "--summary", paramLabel = "TEXT", description = "What the group is for.")
    String summary;

    @Override
    protected int run() {
        Groups.validName(name);
        UserInput.line("summary", summary, 500);
        var created = ctx.db().transaction(dsl -> {
            if (dsl.fetchExists(GROUPS, DSL.lower(GROUPS.NAME).eq(DSL.lower(DSL.val(name))))) {
                throw CtlException.conflict("group name " + name + " is taken");
            }
            var group = dsl.insertInto(GROUPS)
                    .set(GROUPS.NAME, name)
                    .set(GROUPS.SUMMARY, summary)
                    .set(GROUPS.CREATED_AT, ctx.clock().instant().atOffset(ZoneOffset.UTC))
                    .returning()
                    .fetchOne();
            Audit.create(name).param("name", name).param("summary", summary)
                    .change("groups", 1).write(dsl, ctx);
            return group;
        });
        ctx.out().status("Group " + name + " created");
        ctx.out().result(created.into(Groups.FIELDS));
        return 0;
    }
}
