package ctl.output;

import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.FakeTerminal;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §6: text from the database is shown on a table, CSV or status line with its control
 * and bidi characters escaped (\e, \n, \r, \t, \xNN, &#92;uNNNN), so a remote nickname cannot
 * retitle the operator's terminal or hide the rest of its row; JSON stays exact.
 */
class UntrustedTextTest extends CtlTest {
    /** What the remote-nickname constraint lets the application store: it only forbids spaces and '@'. */
    static final String HOSTILE = "\u001b]0;owned\u0007\u001b[8mhidden@evil.example";
    static final String SHOWN = "\\e]0;owned\\x07\\e[8mhidden@evil.example";
    static final String RLO_NAME = "Mallory \u202egnp.exe\u009b";
    static final String RLO_SHOWN = "Mallory \\u202egnp.exe\\x9b";

    private long remoteId;
    private long localId;

    @BeforeAll
    void world() {
        remoteId = Rows.user(sql(), HOSTILE, u -> u.setLocal(false).setInstance("evil.example").setEmail(null)
                .setName(RLO_NAME).setTags(new String[] {"a\u001b[2jb"}));
        localId = Rows.user(sql(), "mallory", u -> u.setName(RLO_NAME).setBio("line one\nline two\tend").setCompany("ACME\r\u007f"));
    }

    private static void noRawControls(CtlRun.Result r) {
        String out = r.out().replace("\r\n", "\n"); // CSV's own line ends
        for (String raw : new String[] {"\u001b", "\u0007", "\u202e", "\u009b", "\r", "\u007f"}) {
            assertFalse(out.contains(raw), () -> "raw " + raw.codePointAt(0) + " on stdout:\n" + r);
            assertFalse(r.err().contains(raw), () -> "raw " + raw.codePointAt(0) + " on stderr:\n" + r);
        }
    }

    @Test
    void theVisibleFormIsDocumentedAndLeavesOrdinaryTextAlone() {
        assertEquals(SHOWN, Output.visible(HOSTILE));
        assertEquals("a\\u2066b\\u061c\\x00\\x1f\\x85", Output.visible("a\u2066b\u061c\u0000\u001f\u0085"));
        String plain = "Zoë \\e not an escape, émoji 🙂, tab-free";
        assertTrue(plain == Output.visible(plain), "text without controls is the same string");
        assertEquals("two\nlines\tkept\\e", Output.visibleLines("two\nlines\tkept\u001b"));
    }

    @Test
    void userListAsATableEscapesAHostileRemoteNickname() {
        var r = expect(0, ctl("user", "list", "--all"));
        noRawControls(r);
        assertTrue(r.out().contains(SHOWN.substring(0, 30)), "escaped, then cut to fit 80 columns: " + r);
        r = expect(0, ctl("user", "list", "--all", "--fields", "id,nickname"));
        noRawControls(r);
        assertTrue(r.out().contains(SHOWN), r::toString);
    }

    @Test
    void userListAsCsvEscapesEveryTextCell() {
        var r = expect(0, ctl("user", "list", "--all", "--format", "csv", "--fields", "id,nickname,name,bio,company,tags"));
        noRawControls(r);
        // jOOQ's CSV doubles every backslash in a quoted cell (as it always has for data)
        String out = r.out().replace("\\\\", "\\");
        assertTrue(out.contains(SHOWN), r::toString);
        assertTrue(out.contains(RLO_SHOWN), r::toString);
        assertTrue(out.contains("\"line one\nline two\tend\""), "RFC 4180 quoting holds a newline: " + r);
        assertTrue(out.contains("ACME\\r\\x7f"), r::toString);
        assertTrue(out.contains("a\\e[2jb"), r::toString);
    }

    @Test
    void userShowAsATableEscapesEveryField() {
        var r = expect(0, ctl("user", "show", String.valueOf(remoteId)));
        noRawControls(r);
        assertTrue(r.out().contains("nickname:   " + SHOWN + "\n"), r::toString);
        assertTrue(r.out().contains(RLO_SHOWN), r::toString);
        var local = expect(0, ctl("user", "show", "mallory"));
        noRawControls(local);
        assertTrue(local.out().contains("line one\\nline two\\tend"), local::toString);
        assertEquals(18, local.out().lines().count(), "one line per field: " + local);
    }

    @Test
    void aStatusLineNamingTheUserEscapesIt() {
        String before = db.rows();
        var r = expect(0, ctl("user", "deactivate", String.valueOf(remoteId), "--dry-run"));
        noRawControls(r);
        assertEquals("Successfully deactivated " + SHOWN + " (dry run)\n", r.err());
        assertEquals(before, db.rows());
    }

    @Test
    void anErrorLineEscapesWhatTheOperatorTyped() {
        var r = expect(3, ctl("user", "show", "\u001b[31mnobody\u202e"));
        noRawControls(r);
        assertEquals("ctl: no user \\e[31mnobody\\u202e\n", r.err());
    }

    @Test
    void aConfirmationPromptEscapesTheNameItAsksAbout() {
        FakeTerminal terminal = new FakeTerminal("n");
        String before = db.rows();
        expect(1, ctl().terminal(terminal).run("user", "rm", String.valueOf(remoteId)));
        assertEquals(before, db.rows());
        assertEquals(1, terminal.prompts.size());
        assertTrue(terminal.prompts.get(0).contains(SHOWN), terminal.prompts::toString);
        assertFalse(terminal.prompts.get(0).contains("\u001b"));
    }

    @Test
    void jsonKeepsTheExactValue() {
        var r = expect(0, ctl("user", "show", String.valueOf(remoteId), "--json"));
        // JSON's own escapes: exact for a parser, inert on a terminal (jOOQ also escapes U+2000-U+20FF)
        assertTrue(r.out().contains("\"nickname\": \"\\u001B]0;owned\\u0007\\u001B[8mhidden@evil.example\""), r::toString);
        assertTrue(r.out().contains("\"name\": \"Mallory \\u202Egnp.exe\\u009B\""), r::toString);
        noRawControls(r);
        var line = expect(0, ctl("user", "list", "--all", "--format", "jsonl", "--fields", "nickname"));
        assertTrue(line.out().contains("\\u001B]0;owned"), line::toString);
    }
}
