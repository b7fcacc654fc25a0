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
 * The common tests tag alice, dave and bob, who have dev and ops, with "Staff staff OPS": the
 * tags given are lower-cased and each added once, after the user's own ({@link OneUserTaskContract}).
 */
class UserTagTest extends UserRowTaskContract {
    private long erin;

    @Override
    protected String task() {
        return "tag";
    }

    @Override
    protected String[] args() {
        return new String[] {"Staff", "staff", "OPS"};
    }

    @Override
    protected void startAs(UsersRecord user) {
        user.setTags(new String[] {"dev", "ops"});
    }

    @Override
    protected String says(String nickname) {
        return "Tags of " + nickname + ": [dev, ops, staff]\n";
    }

    @Override
    protected Map<String, Object> leaves() {
        return Map.of("tags", List.of("dev", "ops", "staff"));
    }

    /** The tags given, lower-cased, each once: not only the ones added. */
    @Override
    protected Map<String, Object> auditParameters() {
        return Map.of("tags", List.of("staff", "ops"));
    }

    /** erin has no tags. */
    @BeforeEach
    void erin() {
        erin = UserRows.local(sql(), "erin");
    }

    private List<String> tags(long id) {
        return List.of(UserRows.row(sql(), id).getTags());
    }

    @Test
    void addsTagsLowerCasedAndEachOnce() {
        var r = expect(0, ctl("user", "tag", "erin", "Staff", "staff", "OPS"));
        assertEquals("Tags of erin: [staff, ops]\n", r.err());
        assertEquals(List.of("staff", "ops"), tags(erin));
    }

    @Test
    void newTagsComeAfterTheUsersOwnAndATagItHasStaysOnce() {
        var r = expect(0, ctl("user", "tag", "dave", "Staff", "OPS", "qa"));
        assertEquals("Tags of dave: [dev, ops, staff, qa]\n", r.err());
        assertEquals(List.of("dev", "ops", "staff", "qa"), tags(dave));
    }

    @Test
    void tagsTheUserAlreadyHasChangeNothing() {
        assertChangesNothing(0, "Tags of dave: [dev, ops]\n", "dave", "OPS", "dev");
    }

    @Test
    void runningItTwiceIsSafe() {
        assertRunningItTwiceIsSafe(says("alice"));
    }

    @Test
    void aRemoteUserCanBeTagged() {
        var r = expect(0, ctl("user", "tag", "bob@remote.example", "mrf_tag:media-strip"));
        assertEquals("Tags of bob@remote.example: [dev, ops, mrf_tag:media-strip]\n", r.err());
        assertEquals(List.of("dev", "ops", "mrf_tag:media-strip"), tags(bob));
    }

    @Test
    void withoutATagItExits2AndChangesNothing() {
        assertChangesNothing(2, "ctl: missing required parameter: 'TAG' (see `ctl user tag --help`)\n", "alice");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " "})
    void anEmptyTagExits5AndChangesNothing(String empty) {
        assertChangesNothing(5, "ctl: empty tag\n", "alice", "staff", empty);
    }
}
