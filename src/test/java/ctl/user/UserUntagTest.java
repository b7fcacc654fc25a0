package ctl.user;

import ctl.testing.CtlTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.user.UserRows.CLOCK;
import static ctl.user.UserRows.NOW;
import static ctl.user.UserRows.json;
import static ctl.user.UserRows.onlyAudit;
import static org.junit.jupiter.api.Assertions.assertEquals;

class UserUntagTest extends CtlTest {
    private long alice;
    private long dave;
    private long bob;

    /**
     * alice has staff, dave has dev, ops and staff, bob is remote with a tag, carol a deleted
     * user's tombstone.
     */
    @BeforeEach
    void users() {
        UserRows.reset(sql());
        alice = UserRows.local(sql(), "alice", u -> u.setTags(new String[] {"staff"}));
        dave = UserRows.local(sql(), "dave", u -> u.setTags(new String[] {"dev", "ops", "staff"}));
        bob = UserRows.local(sql(), "bob@remote.example", u -> {
            u.setLocal(false);
            u.setInstance("remote.example");
            u.setEmail(null);
            u.setTags(new String[] {"mrf_tag:media-strip"});
        });
        UserRows.tombstone(sql(), "carol");
    }

    private List<String> tags(long id) {
        return List.of(UserRows.row(sql(), id).getTags());
    }

    @Test
    void removesTagsWhateverTheirCase() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "untag", "dave", "OPS", "Dev"));
        assertEquals("Tags of dave: [staff]\n", r.err());
        assertEquals("", r.out());
        assertEquals(List.of("staff"), tags(dave));
        assertEquals(NOW, UserRows.row(sql(), dave).getUpdatedAt().toInstant());
        assertEquals(List.of("staff"), tags(alice));
    }

    @Test
    void removingTheLastTagLeavesNone() {
        var r = expect(0, ctl("user", "untag", "alice", "staff"));
        assertEquals("Tags of alice: []\n", r.err());
        assertEquals(List.of(), tags(alice));
    }

    @Test
    void aTagTheUserLacksSaysTheTagsAndChangesNothing() {
        String before = db.snapshot();
        var r = expect(0, ctl("user", "untag", "dave", "qa"));
        assertEquals("Tags of dave: [dev, ops, staff]\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void tagsTheUserLacksAreIgnoredAmongOnesItHas() {
        var r = expect(0, ctl("user", "untag", "dave", "qa", "ops"));
        assertEquals("Tags of dave: [dev, staff]\n", r.err());
        assertEquals(List.of("dev", "staff"), tags(dave));
    }

    @Test
    void runningItTwiceIsSafe() {
        expect(0, ctl("user", "untag", "dave", "ops"));
        var r = expect(0, ctl("user", "untag", "dave", "ops"));
        assertEquals("Tags of dave: [dev, staff]\n", r.err());
        assertEquals(List.of("dev", "staff"), tags(dave));
        assertEquals(1, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void aRemoteUserCanBeUntagged() {
        var r = expect(0, ctl("user", "untag", "bob@remote.example", "mrf_tag:media-strip"));
        assertEquals("Tags of bob@remote.example: []\n", r.err());
        assertEquals(List.of(), tags(bob));
    }

    @Test
    void withoutATagItExits2AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(2, ctl("user", "untag", "alice"));
        assertEquals("ctl: missing required parameter: 'TAG' (see `ctl user untag --help`)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " "})
    void anEmptyTagExits5AndChangesNothing(String empty) {
        String before = db.snapshot();
        var r = expect(5, ctl("user", "untag", "alice", "staff", empty));
        assertEquals("ctl: empty tag\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void findsTheUserByEmail() {
        var r = expect(0, ctl("user", "untag", "ALICE@example.com", "staff"));
        assertEquals("Tags of alice: []\n", r.err());
        assertEquals(List.of(), tags(alice));
        assertEquals(List.of("dev", "ops", "staff"), tags(dave));
    }

    @Test
    void findsTheUserById() {
        var r = expect(0, ctl("user", "untag", String.valueOf(dave), "staff"));
        assertEquals("Tags of dave: [dev, ops]\n", r.err());
        assertEquals(List.of("dev", "ops"), tags(dave));
        assertEquals(List.of("staff"), tags(alice));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999999"})
    void anUnknownUserExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "untag", ref, "staff"));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aDeletedUserIsNotFound() {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "untag", "carol", "staff"));
        assertEquals("ctl: no user carol\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunSaysSoAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, ctl("user", "untag", "dave", "ops", "--dry-run"));
        assertEquals("Tags of dave: [dev, staff] (dry run)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void writesOneAuditEntryWithTheTagsGiven() {
        expect(0, ctl("user", "untag", "dave", "OPS", "ops", "qa"));
        var audit = onlyAudit(sql());
        assertEquals("user.untag", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertEquals("dave", audit.getTarget());
        assertEquals(Map.of("tags", List.of("ops", "qa")), json(audit.getParameters().data()));
        assertEquals(Map.of("users", 1L), json(audit.getChanges().data()));
    }

    @Test
    void jsonPrintsTheUserAsLeft() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "untag", "dave", "ops", "--json"));
        assertEquals("Tags of dave: [dev, staff]\n", r.err());
        Map<String, Object> user = json(r.out());
        assertEquals("dave", user.get("nickname"));
        assertEquals(List.of("dev", "staff"), user.get("tags"));
        assertEquals(NOW, UserRows.instant(user.get("updated_at")));
    }

    @Test
    void dryRunJsonShowsWhatTheRealRunWouldLeave() {
        String before = db.rows();
        var r = expect(0, ctl("user", "untag", "dave", "ops", "--dry-run", "--json"));
        assertEquals(List.of("dev", "staff"), json(r.out()).get("tags"));
        assertEquals(before, db.rows());
        assertEquals(List.of("dev", "ops", "staff"), tags(dave));
    }
}
