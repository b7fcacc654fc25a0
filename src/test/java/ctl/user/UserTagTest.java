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
import static org.junit.jupiter.api.Assertions.assertFalse;

class UserTagTest extends CtlTest {
    private long alice;
    private long dave;
    private long bob;

    /** alice has no tags, dave has dev and ops, bob is remote, carol a deleted user's tombstone. */
    @BeforeEach
    void users() {
        UserRows.reset(sql());
        alice = UserRows.local(sql(), "alice");
        dave = UserRows.local(sql(), "dave", u -> u.setTags(new String[] {"dev", "ops"}));
        bob = UserRows.remote(sql(), "bob");
        UserRows.tombstone(sql(), "carol");
    }

    private List<String> tags(long id) {
        return List.of(UserRows.row(sql(), id).getTags());
    }

    @Test
    void addsTagsLowerCasedAndEachOnce() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "tag", "alice", "Staff", "staff", "OPS"));
        assertEquals("Tags of alice: [staff, ops]\n", r.err());
        assertEquals("", r.out());
        assertEquals(List.of("staff", "ops"), tags(alice));
        assertEquals(NOW, UserRows.row(sql(), alice).getUpdatedAt().toInstant());
        assertEquals(List.of("dev", "ops"), tags(dave));
    }

    @Test
    void newTagsComeAfterTheUsersOwnAndATagItHasStaysOnce() {
        var r = expect(0, ctl("user", "tag", "dave", "Staff", "OPS", "qa"));
        assertEquals("Tags of dave: [dev, ops, staff, qa]\n", r.err());
        assertEquals(List.of("dev", "ops", "staff", "qa"), tags(dave));
    }

    @Test
    void tagsTheUserAlreadyHasChangeNothing() {
        String before = db.snapshot();
        var r = expect(0, ctl("user", "tag", "dave", "OPS", "dev"));
        assertEquals("Tags of dave: [dev, ops]\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void runningItTwiceIsSafe() {
        expect(0, ctl("user", "tag", "alice", "staff"));
        var r = expect(0, ctl("user", "tag", "alice", "staff"));
        assertEquals("Tags of alice: [staff]\n", r.err());
        assertEquals(List.of("staff"), tags(alice));
        assertEquals(1, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void aRemoteUserCanBeTagged() {
        var r = expect(0, ctl("user", "tag", "bob@remote.example", "mrf_tag:media-strip"));
        assertEquals("Tags of bob@remote.example: [mrf_tag:media-strip]\n", r.err());
        assertEquals(List.of("mrf_tag:media-strip"), tags(bob));
    }

    @Test
    void withoutATagItExits2AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(2, ctl("user", "tag", "alice"));
        assertEquals("ctl: missing required parameter: 'TAG' (see `ctl user tag --help`)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " "})
    void anEmptyTagExits5AndChangesNothing(String empty) {
        String before = db.snapshot();
        var r = expect(5, ctl("user", "tag", "alice", "staff", empty));
        assertEquals("ctl: empty tag\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void findsTheUserByEmail() {
        var r = expect(0, ctl("user", "tag", "ALICE@example.com", "staff"));
        assertEquals("Tags of alice: [staff]\n", r.err());
        assertEquals(List.of("staff"), tags(alice));
        assertEquals(List.of("dev", "ops"), tags(dave));
    }

    @Test
    void findsTheUserById() {
        var r = expect(0, ctl("user", "tag", String.valueOf(dave), "staff"));
        assertEquals("Tags of dave: [dev, ops, staff]\n", r.err());
        assertEquals(List.of("dev", "ops", "staff"), tags(dave));
        assertEquals(List.of(), tags(alice));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999999"})
    void anUnknownUserExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "tag", ref, "staff"));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aDeletedUserIsNotFound() {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "tag", "carol", "staff"));
        assertEquals("ctl: no user carol\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunSaysSoAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, ctl("user", "tag", "dave", "staff", "--dry-run"));
        assertEquals("Tags of dave: [dev, ops, staff] (dry run)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void writesOneAuditEntryWithTheTagsGiven() {
        expect(0, ctl("user", "tag", "dave", "Staff", "staff", "OPS"));
        var audit = onlyAudit(sql());
        assertEquals("user.tag", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertEquals("dave", audit.getTarget());
        assertEquals(Map.of("tags", List.of("staff", "ops")), json(audit.getParameters().data()));
        assertEquals(Map.of("users", 1L), json(audit.getChanges().data()));
    }

    @Test
    void jsonPrintsTheUserAsLeft() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "tag", "dave", "staff", "--json"));
        assertEquals("Tags of dave: [dev, ops, staff]\n", r.err());
        Map<String, Object> user = json(r.out());
        assertEquals("dave", user.get("nickname"));
        assertEquals(List.of("dev", "ops", "staff"), user.get("tags"));
        assertEquals(NOW, UserRows.instant(user.get("updated_at")));
        assertFalse(r.out().contains("password"), r::toString);
    }

    @Test
    void dryRunJsonShowsWhatTheRealRunWouldLeave() {
        String before = db.rows();
        var r = expect(0, ctl("user", "tag", "dave", "staff", "--dry-run", "--json"));
        assertEquals(List.of("dev", "ops", "staff"), json(r.out()).get("tags"));
        assertEquals(before, db.rows());
        assertEquals(List.of("dev", "ops"), tags(dave));
    }
}
