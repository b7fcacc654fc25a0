package ctl.security;

import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * SPEC §6 and §2 for what a red-team run typed: control and bidi characters are refused in
 * every text field ctl stores (exit 5, one line naming the field); JSON PostgreSQL cannot
 * store, paging that overflows and times beyond timestamptz are refused before the database
 * is asked (5, 2, 5), never 70; and the small usage answers say what was wrong.
 */
class HostileInputTest extends CtlTest {

    @BeforeAll
    void world() {
        Rows.user(sql(), "alice", u -> u.setPasswordHash(Rows.SOME_HASH));
        Rows.remote(sql(), "bob", "bad.example");
    }

    static Stream<Arguments> refused() {
        String deep20000 = "{\"a\":" + "[".repeat(20000) + "]".repeat(20000) + "}";
        String deep101 = "{\"a\":".repeat(101) + "1" + "}".repeat(101);
        return Stream.of(
                // control and bidi characters, field by field
                arguments(5, "ctl: email must not contain control or bidi characters (found \\e)",
                        new String[] {"user", "new", "eve", "e\u001b@example.com"}),
                arguments(5, "ctl: email must not contain control or bidi characters (found \\x7f)",
                        new String[] {"user", "new", "eve", "e\u007f@example.com"}),
                arguments(5, "ctl: email must not contain control or bidi characters (found \\u202e)",
                        new String[] {"user", "new", "e\u202e@example.com"}),
                arguments(5, "ctl: name must not contain control or bidi characters (found \\x07)",
                        new String[] {"user", "new", "eve", "eve@example.com", "--name", "Eve\u0007"}),
                arguments(5, "ctl: bio must not contain control or bidi characters (found \\e)",
                        new String[] {"user", "new", "eve", "eve@example.com", "--bio", "two\nlines\u001b[8m"}),
                arguments(5, "ctl: bio must not contain control or bidi characters (found \\r)",
                        new String[] {"user", "new", "eve", "eve@example.com", "--bio", "over\rwrite"}),
                arguments(5, "ctl: company must not contain control or bidi characters (found \\u2067)",
                        new String[] {"user", "new", "eve", "eve@example.com", "--company", "\u2067ACME"}),
                arguments(5, "ctl: tag must not contain control or bidi characters (found \\x85)",
                        new String[] {"user", "new", "eve", "eve@example.com", "--tag", "ops\u0085"}),
                arguments(5, "ctl: name must not contain control or bidi characters (found \\n)",
                        new String[] {"user", "update", "alice", "--name", "a\nb"}),
                arguments(5, "ctl: company must not contain control or bidi characters (found \\u200f)",
                        new String[] {"user", "update", "alice", "--company", "x\u200f"}),
                arguments(5, "ctl: email must not contain control or bidi characters (found \\u061c)",
                        new String[] {"user", "update", "alice", "--email", "a\u061c@example.com"}),
                arguments(5, "ctl: tag must not contain control or bidi characters (found \\e)",
                        new String[] {"user", "update", "alice", "--tags", "ok,b\u001b"}),
                arguments(5, "ctl: tag must not contain control or bidi characters (found \\t)",
                        new String[] {"user", "tag", "alice", "a\tb"}),
                arguments(5, "ctl: email must not contain control or bidi characters (found \\u202a)",
                        new String[] {"user", "invite", "--email", "x\u202a@example.com"}),
                arguments(5, "ctl: label must not contain control or bidi characters (found \\e)",
                        new String[] {"token", "create", "alice", "--label", "ci\u001b]0;x\u0007"}),
                arguments(5, "ctl: label must not contain control or bidi characters (found \\u2066)",
                        new String[] {"token", "login", "alice", "--label", "\u2066x", "--password-stdin"}),
                arguments(5, "ctl: summary must not contain control or bidi characters (found \\e)",
                        new String[] {"group", "create", "staff", "--summary", "\u001b[2J"}),
                // sizes: every text ctl stores has a bound
                arguments(5, "ctl: company is longer than 100 characters",
                        new String[] {"user", "new", "eve", "eve@example.com", "--company", "c".repeat(101)}),
                arguments(5, "ctl: company is longer than 100 characters",
                        new String[] {"user", "update", "alice", "--company", "c".repeat(1 << 20)}),
                arguments(5, "ctl: tag is longer than 64 characters",
                        new String[] {"user", "tag", "alice", "t".repeat(65)}),
                arguments(5, "ctl: at most 100 tags at once (101 given)",
                        new String[] {"user", "update", "alice", "--tags", String.join(",", java.util.Collections.nCopies(101, "t"))}),
                arguments(5, "ctl: label is longer than 100 characters",
                        new String[] {"token", "create", "alice", "--label", "l".repeat(101)}),
                arguments(5, "ctl: summary is longer than 500 characters",
                        new String[] {"group", "create", "staff", "--summary", "s".repeat(501)}),
                // JSON that jsonb cannot hold
                arguments(5, "ctl: --metadata: \\u0000 cannot be stored (PostgreSQL text has no NUL)",
                        new String[] {"user", "update", "alice", "--metadata", "{\"a\":\"\\u0000\"}"}),
                arguments(5, "ctl: --metadata: the number 1e999999 is out of PostgreSQL's range",
                        new String[] {"user", "update", "alice", "--metadata", "{\"a\":1e999999}"}),
                arguments(5, "ctl: --metadata: the number -0.0e-20000 is out of PostgreSQL's range",
                        new String[] {"user", "update", "alice", "--metadata", "{\"a\":-0.0e-20000}"}),
                arguments(5, "ctl: --metadata: the number 1e99999999999 is out of PostgreSQL's range",
                        new String[] {"user", "new", "eve", "eve@example.com", "--metadata", "{\"a\":1e99999999999}"}),
                arguments(5, "ctl: --metadata is nested deeper than 100 levels",
                        new String[] {"user", "update", "alice", "--metadata", deep20000}),
                arguments(5, "ctl: --metadata is nested deeper than 100 levels",
                        new String[] {"user", "update", "alice", "--metadata", deep101}),
                arguments(5, "ctl: --metadata: an unpaired surrogate (\\ud800-\\udfff) cannot be stored",
                        new String[] {"user", "update", "alice", "--metadata", "{\"a\":\"\\ud800x\"}"}),
                arguments(5, "ctl: invalid JSON in --metadata",
                        new String[] {"user", "update", "alice", "--metadata", "{\"a\":\"\u0001\"}"}),
                arguments(5, "ctl: invalid JSON in --metadata",
                        new String[] {"user", "update", "alice", "--metadata", "{\"a\":01}"}),
                arguments(5, "ctl: --metadata is longer than 65536 characters",
                        new String[] {"user", "update", "alice", "--metadata", "{\"a\":\"" + "x".repeat(70000) + "\"}"}),
                // paging that would overflow
                arguments(2, "ctl: --page 3 of --limit 2147483647 would skip 4294967294 rows; at most 2147483647 can be skipped",
                        new String[] {"user", "list", "--limit", "2147483647", "--page", "3"}),
                arguments(2, "ctl: --page 2147483647 of --limit 2 would skip 4294967292 rows; at most 2147483647 can be skipped",
                        new String[] {"audit", "list", "--limit", "2", "--page", "2147483647"}),
                // times beyond timestamptz
                arguments(5, "ctl: invalid time for --after \"+999999999-12-31T23:59:59Z\": use YYYY-MM-DD or an ISO-8601 time",
                        new String[] {"audit", "list", "--after", "+999999999-12-31T23:59:59Z"}),
                arguments(5, "ctl: invalid time for --before \"+10000-01-01T00:00:00Z\": use YYYY-MM-DD or an ISO-8601 time",
                        new String[] {"audit", "list", "--before", "+10000-01-01T00:00:00Z"}),
                arguments(5, "ctl: invalid time for --before \"-999999999-01-01T00:00\": use YYYY-MM-DD or an ISO-8601 time",
                        new String[] {"audit", "list", "--before", "-999999999-01-01T00:00"}),
                // the small ones
                arguments(2, "ctl: unmatched argument at index 4: 'extra' (see `ctl user new --help`)",
                        new String[] {"user", "new", "zed", "zed@example.com", "extra"}),
                arguments(2, "ctl: option '--admin' should be specified only once (see `ctl user new --help`)",
                        new String[] {"user", "new", "zed", "zed@example.com", "--admin", "--no-admin"}),
                arguments(2, "ctl: --admin and --superadmin are the same option: give one, yes or no",
                        new String[] {"user", "new", "zed", "zed@example.com", "--admin", "--no-superadmin"}),
                arguments(2, "ctl: invalid host \"bad.example:99999\": give the instance's host name, such as example.com",
                        new String[] {"user", "unsubscribe_all_from_instance", "bad.example:99999"}));
    }

    @ParameterizedTest(name = "[{index}] exit {0}: {1}")
    @MethodSource
    void refused(int code, String error, String[] args) {
        String before = db.snapshot();
        CtlRun.Result r = expect(code, ctl().stdin("password1\n").run(args));
        assertEquals(error + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot(), "nothing changed");
    }

    @Test
    void aTagTheApplicationStoredWithAControlCharacterCanBeRemovedAndIsShownEscaped() {
        sql().execute("update users set tags = array['ok', 'bad' || chr(27) || '[8m'] where nickname = 'alice'");
        CtlRun.Result r = expect(0, ctl("user", "untag", "alice", "bad\u001b[8m"));
        assertEquals("Tags of alice: [ok]\n", r.err());
        assertEquals("{ok}", sql().fetchValue("select tags::text from users where nickname = 'alice'"));
        r = expect(0, ctl("user", "untag", "alice", "ok", "--json"));
        assertFalse(r.out().contains("\u001b") || r.err().contains("\u001b"), r::toString);
    }

    @Test
    void textAtItsBoundIsStored() {
        expect(0, ctl("user", "update", "alice", "--company", "c".repeat(100), "--tags", "t".repeat(64)));
        expect(0, ctl("group", "create", "bounded", "--summary", "s".repeat(500)));
        expect(0, ctl("group", "delete", "bounded", "-y"));
    }

    @Test
    void aBioKeepsItsNewlinesAndTabs() {
        expect(0, ctl("user", "update", "alice", "--bio", "line one\n\tline two"));
        assertEquals("line one\n\tline two", sql().fetchValue("select bio from users where nickname = 'alice'"));
    }

    @Test
    void metadataNestedOneHundredDeepWithBigNumbersIsStored() {
        String deep = "{\"a\":".repeat(99) + "[1e1000, -0.5e-100, 0e999999, \"\\u00e9\\ud83d\\ude00\"]" + "}".repeat(99);
        expect(0, ctl("user", "update", "alice", "--metadata", deep));
    }

    @Test
    void aTimeWithoutAZoneIsUtc() {
        var withZone = expect(0, ctl("audit", "list", "--before", "2026-01-01T00:00Z", "--json"));
        var without = expect(0, ctl("audit", "list", "--before", "2026-01-01T00:00", "--json"));
        assertEquals(withZone.out(), without.out());
        assertEquals("", without.err());
        expect(0, ctl("audit", "list", "--after", "2025-12-31T23:59:59.5"));
    }

    @Test
    void aPortInRangeIsAHost() {
        var r = expect(0, ctl("user", "unsubscribe_all_from_instance", "bad.example:65535", "--dry-run"));
        assertTrue(r.err().startsWith("No users from bad.example:65535"), r::toString);
    }
}
