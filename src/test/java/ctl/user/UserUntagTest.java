package ctl.user;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What is untag's own; the one-user contract is {@link OneUserContractTest}'s. */
class UserUntagTest extends CtlTest {
    private long dave;
    private long erin;
    private long bob;

    /** alice and dave have dev, ops and staff; erin has only staff; bob@remote.example an MRF tag. */
    @BeforeEach
    void users() {
        Rows.reset(sql());
        Rows.user(sql(), "alice", u -> u.setTags(new String[] {"dev", "ops", "staff"}));
        dave = Rows.user(sql(), "dave", u -> u.setTags(new String[] {"dev", "ops", "staff"}));
        erin = Rows.user(sql(), "erin", u -> u.setTags(new String[] {"staff"}));
        bob = Rows.remote(sql(), "bob", u -> u.setTags(new String[] {"mrf_tag:media-strip"}));
    }

    private List<String> tags(long id) {
        return List.of(Rows.row(sql(), id).getTags());
    }

    @Test
    void removingTheLastTagLeavesNone() {
        var r = expect(0, ctl("user", "untag", "erin", "staff"));
        assertEquals("Tags of erin: []\n", r.err());
        assertEquals(List.of(), tags(erin));
    }

    @Test
    void aTagTheUserLacksSaysTheTagsAndChangesNothing() {
        assertChangesNothing(0, "Tags of dave: [dev, ops, staff]\n", "user", "untag", "dave", "qa");
    }

    @Test
    void tagsTheUserLacksAreIgnoredAmongOnesItHas() {
        var r = expect(0, ctl("user", "untag", "dave", "qa", "ops"));
        assertEquals("Tags of dave: [dev, staff]\n", r.err());
        assertEquals(List.of("dev", "staff"), tags(dave));
    }

    @Test
    void aRemoteUserCanBeUntaggedOfAnMrfTag() {
        var r = expect(0, ctl("user", "untag", "bob@remote.example", "mrf_tag:media-strip"));
        assertEquals("Tags of bob@remote.example: []\n", r.err());
        assertEquals(List.of(), tags(bob));
    }

    @Test
    void withoutATagItExits2AndChangesNothing() {
        assertChangesNothing(2, "ctl: missing required parameter: 'TAG' (see `ctl user untag --help`)\n", "user", "untag", "alice");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " "})
    void anEmptyTagExits5AndChangesNothing(String empty) {
        assertChangesNothing(5, "ctl: empty tag\n", "user", "untag", "alice", "staff", empty);
    }
}
