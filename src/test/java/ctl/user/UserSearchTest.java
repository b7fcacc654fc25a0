package ctl.user;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UserSearchTest extends CtlTest {
    @BeforeAll
    void users() {
        ctl().stdin("password1\n").run("user", "new", "alice", "alice@example.com", "--name", "Alice Liddell", "--password-stdin");
        ctl().stdin("password1\n").run("user", "new", "bob", "bob@wonder.land", "--name", "Bob 100% Real", "--password-stdin");
        ctl().stdin("password1\n").run("user", "new", "carol_x", "carol@example.com", "--password-stdin");
        Rows.remote(sql(), "dina", u -> u.setName("Dina"));
        ctl("user", "new", "gone", "gone@example.com", "-q");
        ctl("user", "rm", "gone", "-y");
    }

    private String nicknames(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "user";
        all[1] = "search";
        System.arraycopy(args, 0, all, 2, args.length);
        all[args.length + 2] = "--fields";
        all[args.length + 3] = "nickname";
        all[args.length + 4] = "--format=csv";
        return expect(0, ctl(all)).out().replace("\r\n", " ").trim();
    }

    @Test
    void matchesNicknameEmailAndNameWithoutRegardToCase() {
        assertEquals("nickname alice", nicknames("ALI"));
        assertEquals("nickname bob", nicknames("wonder.LAND"));
        assertEquals("nickname alice", nicknames("liddell"));
    }

    @Test
    void findsLocalAndRemoteUsersButNeverTombstones() {
        assertEquals("nickname dina@remote.example", nicknames("dina"));
        assertEquals("nickname", nicknames("gone"));
    }

    @Test
    void likeWildcardsInTheQueryMatchThemselves() {
        assertEquals("nickname bob", nicknames("100%"));
        assertEquals("nickname carol_x", nicknames("l_x"));
        assertEquals("nickname", nicknames("a_i"));
    }

    @Test
    void ordersByIdAndPages() {
        assertEquals("nickname alice carol_x", nicknames("example.com"));
        assertEquals("nickname carol_x", nicknames("example.com", "--limit", "1", "--page", "2"));
    }

    @Test
    void jsonGivesEveryFieldOfEachMatch() {
        var r = expect(0, ctl("user", "search", "alice", "--json"));
        assertEquals(true, r.out().startsWith("[\n{\"id\":"), r::toString);
        assertEquals(true, r.out().contains("\"name\":\"Alice Liddell\""), r::toString);
    }

    @Test
    void noMatchIsAnEmptyListNotAnError() {
        assertEquals("[]\n", expect(0, ctl("user", "search", "zzz", "--json")).out());
    }

    @Test
    void badPagingExits2() {
        var r = expect(2, ctl("user", "search", "a", "--page", "2"));
        assertEquals("ctl: --page needs --limit\n", r.err());
    }
}
