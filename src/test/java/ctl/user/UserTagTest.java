package ctl.user;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What is tag's own; the one-user contract is {@link OneUserContractTest}'s. */
class UserTagTest extends CtlTest {
    private long dave;
    private long erin;
    private long bob;

    /** dave and bob@remote.example have dev and ops; erin has no tags. */
    @BeforeEach
    void users() {
        Rows.reset(sql());
        Rows.user(sql(), "alice");
        dave = Rows.user(sql(), "dave", u -> u.setTags(new String[] {"dev", "ops"}));
        erin = Rows.user(sql(), "erin");
        bob = Rows.remote(sql(), "bob", u -> u.setTags(new String[] {"dev", "ops"}));
    }

    private List<String> tags(long id) {
        return List.of(Rows.row(sql(), id).getTags());
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
        assertChangesNothing(0, "Tags of dave: [dev, ops]\n", "user", "tag", "dave", "OPS", "dev");
    }

    @Test
    void aRemoteUserCanBeTaggedForTheMrfPolicies() {
        var r = expect(0, ctl("user", "tag", "bob@remote.example", "mrf_tag:media-strip"));
        assertEquals("Tags of bob@remote.example: [dev, ops, mrf_tag:media-strip]\n", r.err());
        assertEquals(List.of("dev", "ops", "mrf_tag:media-strip"), tags(bob));
    }

    @Test
    void withoutATagItExits2AndChangesNothing() {
        assertChangesNothing(2, "ctl: missing required parameter: 'TAG' (see `ctl user tag --help`)\n", "user", "tag", "alice");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " "})
    void anEmptyTagExits5AndChangesNothing(String empty) {
        assertChangesNothing(5, "ctl: empty tag\n", "user", "tag", "alice", "staff", empty);
    }
}
