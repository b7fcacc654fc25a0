package ctl.user;

import ctl.db.schema.tables.records.UsersRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The common tests untag "OPS Dev dev qa" from alice, dave and bob, who have dev, ops and
 * staff: whatever their case, and qa, which they lack, is ignored ({@link OneUserTaskContract}).
 */
class UserUntagTest extends UserRowTaskContract {
    private long erin;

    @Override
    protected String task() {
        return "untag";
    }

    @Override
    protected String[] args() {
        return new String[] {"OPS", "Dev", "dev", "qa"};
    }

    @Override
    protected void startAs(UsersRecord user) {
        user.setTags(new String[] {"dev", "ops", "staff"});
    }

    @Override
    protected String says(String nickname) {
        return "Tags of " + nickname + ": [staff]\n";
    }

    @Override
    protected Map<String, Object> leaves() {
        return Map.of("tags", List.of("staff"));
    }

    /** The tags given, lower-cased, each once: those the user lacked too. */
    @Override
    protected Map<String, Object> auditParameters() {
        return Map.of("tags", List.of("ops", "dev", "qa"));
    }

    /** erin has only staff. */
    @BeforeEach
    void erin() {
        erin = UserRows.local(sql(), "erin", u -> u.setTags(new String[] {"staff"}));
    }

    private List<String> tags(long id) {
        return List.of(UserRows.row(sql(), id).getTags());
    }

    @Test
    void removingTheLastTagLeavesNone() {
        var r = expect(0, ctl("user", "untag", "erin", "staff"));
        assertEquals("Tags of erin: []\n", r.err());
        assertEquals(List.of(), tags(erin));
    }

    @Test
    void aTagTheUserLacksSaysTheTagsAndChangesNothing() {
        assertChangesNothing(0, "Tags of dave: [dev, ops, staff]\n", "dave", "qa");
    }

    @Test
    void tagsTheUserLacksAreIgnoredAmongOnesItHas() {
        var r = expect(0, ctl("user", "untag", "dave", "qa", "ops"));
        assertEquals("Tags of dave: [dev, staff]\n", r.err());
        assertEquals(List.of("dev", "staff"), tags(dave));
    }

    @Test
    void runningItTwiceIsSafe() {
        assertRunningItTwiceIsSafe(says("alice"));
    }

    @Test
    void aRemoteUserCanBeUntagged() {
        sql().execute("update users set tags = '{mrf_tag:media-strip}' where id = ?", bob);
        var r = expect(0, ctl("user", "untag", "bob@remote.example", "mrf_tag:media-strip"));
        assertEquals("Tags of bob@remote.example: []\n", r.err());
        assertEquals(List.of(), tags(bob));
    }

    @Test
    void withoutATagItExits2AndChangesNothing() {
        assertChangesNothing(2, "ctl: missing required parameter: 'TAG' (see `ctl user untag --help`)\n", "alice");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " "})
    void anEmptyTagExits5AndChangesNothing(String empty) {
        assertChangesNothing(5, "ctl: empty tag\n", "alice", "staff", empty);
    }
}
