package ctl.token;

import ctl.security.Tokens;
import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.testing.Rows.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenDeleteTest extends CtlTest {
    private String aliceToken;
    private String carolToken;

    /** 1: alice's token, 2: carol's. */
    @BeforeEach
    void tokens() {
        Rows.loginUsers(sql());
        aliceToken = expect(0, ctl("token", "create", "alice", "--label", "ci")).out().strip();
        carolToken = expect(0, ctl("token", "create", "carol")).out().strip();
        sql().execute("truncate audit_log restart identity");
    }

    /** {@code ctl token delete --token-stdin ARGS…}, the token on stdin. */
    private CtlRun.Result deleting(Object token, String... args) {
        List<String> words = new ArrayList<>(List.of("token", "delete", "--token-stdin"));
        words.addAll(List.of(args));
        return ctl().stdin(token + "\n").run(words.toArray(String[]::new));
    }

    private List<Long> ids() {
        return sql().select(API_TOKENS.ID).from(API_TOKENS).orderBy(API_TOKENS.ID).fetch(API_TOKENS.ID);
    }

    @Test
    void deletesATokenByIdAndSaysWhose() {
        var r = expect(0, ctl("token", "delete", "1"));
        assertEquals("Token 1 of alice deleted\n", r.err());
        assertEquals("", r.out());
        assertEquals(List.of(2L), ids());
    }

    @Test
    void deletesATokenByTheTokenItself() {
        var r = expect(0, deleting(carolToken));
        assertEquals("Token 2 of carol deleted\n", r.err());
        assertEquals(List.of(1L), ids());
    }

    @Test
    void theTokenComesFromAFileToo(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("leaked"), carolToken + "\n");
        assertEquals("Token 2 of carol deleted\n", expect(0, ctl("token", "delete", "--token-file", file.toString())).err());
        assertEquals(List.of(1L), ids());
    }

    @Test
    void theTokenAsTheArgumentStillWorksButIsWarnedAboutAsVisibleInTheProcessList() {
        var r = expect(0, ctl("token", "delete", carolToken));
        assertEquals(TokenRefreshTest.ARGUMENT_WARNING + "Token 2 of carol deleted\n", r.err());
        assertEquals(List.of(1L), ids());
    }

    @Test
    void anIdAsTheArgumentIsNotASecretAndIsNotWarnedAbout() {
        assertEquals("Token 2 of carol deleted\n", expect(0, ctl("token", "delete", "2")).err());
    }

    @Test
    void noTokenAtAllOrTwoSourcesExit2AndChangeNothing() {
        String before = db.snapshot();
        assertEquals("ctl: no token given: use --token-stdin or --token-file\n", expect(2, ctl("token", "delete")).err());
        assertEquals("ctl: use one of the token argument, --token-stdin and --token-file\n",
                expect(2, deleting(carolToken, "1")).err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void revokeIsTheSameTask() {
        assertEquals("Token 1 of alice deleted\n", expect(0, ctl().stdin(aliceToken + "\n")
                .run("token", "revoke", "--token-stdin")).err());
        assertEquals(List.of(2L), ids());
    }

    @Test
    void aLoginIsDeletedByItsAccessOrItsRefreshToken() {
        for (String key : new String[] {"access_token", "refresh_token"}) {
            Map<String, Object> pair = Json.object(expect(0, ctl().stdin(PASSWORD + "\n")
                    .run("token", "login", "alice", "--password-stdin", "--json")).out());
            long id = ids().get(ids().size() - 1);
            assertEquals("Token " + id + " of alice deleted\n", expect(0, deleting(pair.get(key))).err());
            assertFalse(ids().contains(id));
        }
    }

    @Test
    void deletingTheLiveTokenOfARefreshChainKeepsItsSpentPredecessorsSoAReplayStillFails() {
        Map<String, Object> first = Json.object(expect(0, ctl().stdin(PASSWORD + "\n")
                .run("token", "login", "alice", "--password-stdin", "--json")).out());
        Map<String, Object> second = Json.object(expect(0, ctl().stdin(first.get("refresh_token") + "\n")
                .run("token", "refresh", "--token-stdin", "--json")).out());
        assertEquals("Token 4 of alice deleted\n", expect(0, deleting(second.get("access_token"))).err());
        assertEquals(List.of(1L, 2L, 3L), ids(), "only the row named is deleted; the spent one goes at token prune");
        expect(5, ctl().stdin(first.get("refresh_token") + "\n").run("token", "refresh", "--token-stdin"));
        assertEquals("ctl: unknown refresh token\n", expect(5, ctl().stdin(second.get("refresh_token") + "\n")
                .run("token", "refresh", "--token-stdin")).err());
    }

    @Test
    void writesOneDeleteAuditEntryWithoutTheToken() {
        expect(0, deleting(aliceToken));
        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("token.delete", audit.getOperation());
        assertEquals("delete", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals("{\"by\": \"token\", \"id\": 1}", audit.getParameters().data());
        assertEquals("{\"api_tokens\": 1}", audit.getChanges().data());
        assertFalse(audit.toString().contains(aliceToken));
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "0"})
    void anUnknownIdExits3AndChangesNothing(String id) {
        String before = db.snapshot();
        var r = expect(3, ctl("token", "delete", id));
        assertEquals("ctl: no token " + id + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void anUnknownTokenExits3WithoutEchoingTheSecret() {
        String before = db.snapshot();
        String secret = Tokens.generate();
        var r = expect(3, deleting(secret, "-v"));
        assertTrue(r.err().startsWith("ctl: no such token\n"), r::toString);
        assertFalse(r.toString().contains(secret), r::toString);
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void tokensNeverStartWithADashSoTheyNeverReadAsAnOption() {
        for (int i = 0; i < 2000; i++) {
            assertFalse(ApiTokens.secret().startsWith("-"));
        }
    }

    @Test
    void anArgumentStartingWithADashIsTakenAfterTheEndOfOptions() {
        String before = db.snapshot();
        var r = expect(3, ctl("token", "delete", "--", "-" + Tokens.generate().substring(1)));
        assertEquals(TokenRefreshTest.ARGUMENT_WARNING + "ctl: no such token\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunSaysSoAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, deleting(aliceToken, "--dry-run"));
        assertEquals("Token 1 of alice deleted (dry run)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.rows());
    }

    @Test
    void helpHasAnExample() {
        String help = expect(0, ctl("token", "delete", "--help")).out();
        assertTrue(help.contains("Examples:\n  ctl token delete 42\n"), help);
        assertTrue(help.contains("  printf '%s\\n' \"$TOKEN\" | ctl token revoke --token-stdin\n"), help);
        help.lines().forEach(line -> assertTrue(line.length() <= 80, line));
    }
}
