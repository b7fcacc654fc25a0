package ctl.security;

import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9's bad-input corpus: every task of the command table, given what an operator should
 * never have typed, answers with SPEC §2's exit code (never 0, never 70), exactly one line
 * {@code ctl: …} on stderr and nothing on stdout, no stack trace, and the database exactly
 * as it was: every row and every sequence position.
 * <p>
 * One case a line: {@code CODE | ARGS [| STDIN]}. ARGS split on spaces; '…' quotes ('' is a
 * quote inside). Placeholders: {ESC} {BEL} {DEL} {C1} (U+009B) {LF} {CR} {TAB} {RLO} (U+202E)
 * {LRI} (U+2066) {ALM} (U+061C) control and bidi characters; {EMPTY} an empty argument;
 * {a*N} N letters; {1MB} a 1 MiB argument; {deep} a JSON object nested 20,000 deep. STDIN:
 * pw (a good password), wrong (a wrong one), short, long (5,000 bytes, no newline), empty,
 * badutf8 (bytes FF FE).
 */
class BadInputCorpusTest extends CtlTest {
    static final String CORPUS = """
            # user new: malformed, hostile, overlong, conflicting, missing, extra
            2 | user new
            2 | user new zed
            2 | user new zed zed@example.com extra
            2 | user new zed zed@example.com --admin --no-admin
            2 | user new zed zed@example.com --admin --no-superadmin
            2 | user new zed zed@example.com --frob
            2 | user new zed zed@example.com --password-stdin --password-file /nonexistent | pw
            2 | user new zed zed@example.com --confirmed=maybe
            5 | user new zed bob@
            5 | user new zed @example.com
            5 | user new zed 'zed @example.com'
            5 | user new zed zed@example
            5 | user new zed 'zed@exa mple.com'
            5 | user new zed '"zed"@example.com'
            5 | user new 'zed zed' zed@example.com
            5 | user new 'zed/../x' zed@example.com
            5 | user new zed@evil zed@example.com
            5 | user new {a*65} zed@example.com
            5 | user new {EMPTY} zed@example.com
            5 | user new {1MB} zed@example.com
            5 | user new zed {1MB}
            5 | user new {a*65}@example.com
            5 | user new 'zed{ESC}' zed@example.com
            5 | user new zed 'z{ESC}]0;x{BEL}@example.com'
            5 | user new zed 'z{DEL}@example.com'
            5 | user new zed 'z{RLO}@example.com'
            5 | user new zed 'z{C1}@example.com'
            5 | user new zed zed@example.com --name {a*101}
            5 | user new zed zed@example.com --name {1MB}
            5 | user new zed zed@example.com --name 'a{ESC}[8mb'
            5 | user new zed zed@example.com --name 'a{LF}b'
            5 | user new zed zed@example.com --name 'a{ALM}b'
            5 | user new zed zed@example.com --bio {a*5001}
            5 | user new zed zed@example.com --bio 'a{ESC}b'
            5 | user new zed zed@example.com --bio 'a{CR}b'
            5 | user new zed zed@example.com --company 'a{LRI}b'
            5 | user new zed zed@example.com --tag 'a{TAB}b'
            5 | user new zed zed@example.com --tag {EMPTY}
            5 | user new zed zed@example.com --metadata '[1]'
            5 | user new zed zed@example.com --metadata '{x'
            5 | user new zed zed@example.com --metadata {EMPTY}
            5 | user new zed zed@example.com --metadata '{"a":"\\u0000"}'
            5 | user new zed zed@example.com --metadata '{"a":1e999999}'
            5 | user new zed zed@example.com --metadata {deep}
            5 | user new zed zed@example.com --metadata '{"a":NaN}'
            5 | user new zed zed@example.com --metadata '{"a":1} {}'
            5 | user new zed zed@example.com --metadata '{"a":"\\ud800"}'
            5 | user new zed zed@example.com --password-stdin | badutf8
            5 | user new zed zed@example.com --password-stdin | short
            5 | user new zed zed@example.com --password-stdin | long
            5 | user new zed zed@example.com --password-stdin | empty
            2 | user new zed zed@example.com --password-file /nonexistent/pw
            4 | user new alice zed@example.com --password-stdin | pw
            4 | user new ALICE zed@example.com --password-stdin | pw
            4 | user new ghost zed@example.com --password-stdin | pw
            4 | user new zed Alice@Example.com --password-stdin | pw
            # user list and search: paging, fields, filters
            2 | user list --limit 0
            2 | user list --limit -1
            2 | user list --limit 2147483648
            2 | user list --limit 99999999999999999999
            2 | user list --limit x
            2 | user list --page 0 --limit 10
            2 | user list --page -5 --limit 10
            2 | user list --page 2
            2 | user list --page 1 --offset 1 --limit 1
            2 | user list --offset -1
            2 | user list --offset 2147483648
            2 | user list --limit 2147483647 --page 3
            2 | user list --limit 1000000 --page 1000000
            2 | user list --fields nope
            2 | user list --fields password_hash
            2 | user list --fields 'id;drop table users'
            2 | user list --remote --all
            2 | user list extra
            2 | user list --format xml
            2 | user list --frob
            2 | user search
            2 | user search a b
            2 | user search % --limit 0
            2 | user search _ --limit 2147483647 --page 3
            2 | user search alice --fields {ESC}
            # user show, update
            2 | user show
            2 | user show alice extra
            2 | user show alice --frob
            2 | user update alice
            2 | user update
            2 | user update alice --confirmed
            5 | user update alice --email bob@
            5 | user update alice --email 'a{ESC}@example.com'
            5 | user update alice --nickname 'bad nick'
            5 | user update alice --nickname {a*65}
            5 | user update alice --nickname {EMPTY}
            5 | user update alice --name {a*101}
            5 | user update alice --bio {a*5001}
            5 | user update alice --bio 'x{BEL}'
            5 | user update alice --company 'x{DEL}'
            5 | user update alice --tags ' '
            5 | user update alice --tags 'a,b{RLO}'
            5 | user update alice --metadata '{"a":"\\u0000"}'
            5 | user update alice --metadata '{"a":1e999999}'
            5 | user update alice --metadata {deep}
            5 | user update alice --metadata '"text"'
            5 | user update alice --metadata null
            4 | user update alice --nickname bob
            4 | user update alice --nickname GHOST
            4 | user update alice --email bob@example.com
            4 | user update eve@remote.example --email eve@example.com
            4 | user update eve@remote.example --nickname eve
            # user rm, activate/deactivate & co.: confirmations, usage, remote, state
            1 | user rm alice
            1 | user rm alice --purge
            1 | user delete_activities alice
            2 | user rm
            2 | user rm alice bob -y
            2 | user rm alice --purge=maybe -y
            2 | user activate
            2 | user activate alice bob
            2 | user deactivate --frob alice
            2 | user toggle_activated
            2 | user confirm
            2 | user unconfirm alice extra
            2 | user toggle_confirmed
            2 | user sign_out
            2 | user reset_password
            2 | user unsubscribe
            2 | user delete_activities
            # user approve, set, tag, untag
            2 | user approve
            2 | user approve --number 0
            2 | user approve --number -1
            2 | user approve --number 2147483648
            2 | user approve --number x
            2 | user approve alice --all
            2 | user approve --all --number 2
            2 | user set alice
            2 | user set
            2 | user set alice --admin --no-admin
            2 | user set alice --moderator=perhaps
            2 | user tag alice
            2 | user tag
            2 | user untag alice
            5 | user tag alice {EMPTY}
            5 | user tag alice 'a{ESC}'
            5 | user tag alice 'ok' ' '
            # user password and reset_password
            2 | user password
            2 | user password alice
            2 | user password alice --password-stdin --password-file /x | pw
            5 | user password alice --password-stdin | badutf8
            5 | user password alice --password-stdin | short
            5 | user password alice --password-stdin | long
            4 | user password eve@remote.example --password-stdin | pw
            4 | user reset_password eve@remote.example
            # user unsubscribe_all_from_instance, confirm_all, unconfirm_all
            2 | user unsubscribe_all_from_instance
            2 | user unsubscribe_all_from_instance a b
            2 | user unsubscribe_all_from_instance bad.example:99999
            2 | user unsubscribe_all_from_instance bad.example:0
            2 | user unsubscribe_all_from_instance {a*254}
            2 | user unsubscribe_all_from_instance https://remote.example
            2 | user unsubscribe_all_from_instance 'remote.example/x'
            2 | user unsubscribe_all_from_instance eve@remote.example
            2 | user unsubscribe_all_from_instance 'remote .example'
            2 | user unsubscribe_all_from_instance {EMPTY}
            2 | user unsubscribe_all_from_instance '%'
            2 | user unsubscribe_all_from_instance 'remote.example{ESC}'
            2 | user unsubscribe_all_from_instance {1MB}
            2 | user confirm_all extra
            2 | user confirm_all --frob
            2 | user unconfirm_all extra
            # invites
            2 | user invite --max-use 0
            2 | user invite --max-use -3
            2 | user invite --max-use 2147483648
            2 | user invite --max-use x
            2 | user invite extra
            5 | user invite --expires-at 2020-01-01
            5 | user invite --expires-at 2026-13-01
            5 | user invite --expires-at 2026-02-30
            5 | user invite --expires-at tomorrow
            5 | user invite --expires-at +999999999-12-31
            5 | user invite --expires-at {EMPTY}
            5 | user invite --email bob@
            5 | user invite --email 'x{ESC}@example.com'
            5 | user invite --email 'x{RLO}@example.com'
            5 | user invite --email {1MB}
            2 | user invites extra
            2 | user invites --limit 0
            2 | user invites --limit 2147483647 --page 3
            3 | user revoke_invite nosuch
            3 | user revoke_invite 999999
            3 | user revoke_invite nobody@example.com
            3 | user revoke_invite '%'
            3 | user revoke_invite 'x'' or 1=1 --'
            3 | user revoke_invite '{ESC}[2J'
            3 | user revoke_invite 99999999999999999999
            2 | user revoke_invite
            2 | user revoke_invite a b
            2 | user prune_invites --older-than -1
            2 | user prune_invites --older-than x
            2 | user prune_invites --older-than 2147483648
            2 | user prune_invites extra
            # tokens
            2 | token create
            2 | token create alice bob
            2 | token create alice --expires-in 0
            2 | token create alice --expires-in -1
            2 | token create alice --expires-in 1y
            2 | token create alice --expires-in 9999999999
            2 | token create alice --expires-in 999999999d
            2 | token create alice --expires-in {EMPTY}
            2 | token create alice --scopes 'read write'
            2 | token create alice --scopes 'read,{ESC}'
            2 | token create alice --scopes {a*101}
            3 | token create nosuch
            3 | token create ghost
            3 | token create '%'
            3 | token create 99999999999999999999
            4 | token create eve@remote.example
            4 | token create bob
            5 | token create alice --label 'ci{ESC}]0;x{BEL}'
            5 | token create alice --label 'ci{RLO}'
            5 | token create alice --label 'a{LF}b'
            2 | token login
            2 | token login alice
            2 | token login alice --password-stdin --password-file /x | pw
            2 | token login alice --password-stdin --expires-in 1w | pw
            3 | token login nosuch --password-stdin | pw
            3 | token login ghost --password-stdin | pw
            5 | token login alice --password-stdin | wrong
            5 | token login bob --password-stdin | wrong
            5 | token login eve@remote.example --password-stdin | wrong
            5 | token login alice --password-stdin | badutf8
            5 | token login alice --password-stdin | long
            5 | token login alice --password-stdin --label 'x{ESC}' | pw
            2 | token refresh
            2 | token refresh a b
            2 | token refresh not-a-token --expires-in 1w
            5 | token refresh --token-stdin | unissued
            5 | token refresh --token-stdin | sqli
            5 | token refresh --token-stdin | long
            5 | token refresh --token-stdin | badutf8
            5 | token refresh --token-stdin | empty
            2 | token refresh --token-stdin --token-file /nonexistent | unissued
            2 | token refresh --token-file /nonexistent
            2 | token list alice bob
            2 | token list --limit 0
            2 | token list --limit 2147483647 --page 3
            2 | token list --fields access_hash
            3 | token list nosuch
            3 | token list ghost
            3 | token list 'x'' or ''1''=''1'
            2 | token delete
            2 | token delete a b
            3 | token delete 999999
            3 | token delete --token-stdin | unissued
            3 | token delete --token-stdin | sqli
            5 | token delete --token-stdin | badutf8
            3 | token show --token-stdin | unissued
            5 | token show --token-stdin | long
            2 | token show
            5 | user reset_password --complete --token-stdin --password-stdin
            5 | user reset_password --complete --token-stdin --password-stdin | resetpair
            2 | token prune extra
            2 | token prune --frob
            # groups
            2 | group create
            2 | group create a b
            5 | group create 'bad name'
            5 | group create {a*65}
            5 | group create 'g{ESC}'
            5 | group create 'g{RLO}'
            5 | group create x --summary 'a{ESC}[8m'
            5 | group create x --summary 'a{LRI}'
            4 | group create staff
            4 | group create STAFF
            2 | group get
            3 | group get nosuch
            3 | group get '%'
            3 | group get 'staff''--'
            2 | group get a b
            2 | group delete
            3 | group delete nosuch -y
            1 | group delete staff
            2 | group add-user staff
            2 | group add-user
            3 | group add-user nosuch alice
            3 | group add-user staff nosuch
            3 | group add-user staff ghost
            3 | group add-user staff '%'
            2 | group remove-user staff
            3 | group remove-user nosuch alice
            3 | group remove-user staff nosuch
            2 | group list extra
            2 | group list --limit 0
            2 | group list --limit 2147483647 --page 3
            2 | group frob
            # audit
            2 | audit get
            2 | audit get x
            2 | audit get 99999999999999999999
            2 | audit get 1 2
            3 | audit get 999999
            2 | audit list --action-kind destroy
            2 | audit list --limit 0
            2 | audit list --limit 2147483647 --page 3
            2 | audit list extra
            5 | audit list --before yesterday
            5 | audit list --after 2026-02-30
            5 | audit list --after +999999999-12-31T23:59:59Z
            5 | audit list --before -999999999-01-01T00:00:00Z
            5 | audit list --before 10000-01-01
            5 | audit list --after '2026-01-01T00:00{ESC}'
            # migrate, completion, global options, unknown tasks
            2 | migrate extra
            2 | migrate --frob
            2 | migrate --status --frob
            2 | completion
            2 | completion fish
            2 | completion bash zsh
            2 | frob
            2 | user frob
            2 | token frob
            2 | audit frob
            2 | --format xml user list
            2 | --frob user list
            2 | user list --json --format
            2 | user {ESC}]0;owned{BEL}
            # every task that takes one USER, given an unknown, injection-shaped, wildcard, overlong-id, tombstoned or hostile one
            3 | user show nosuch
            3 | user show 'x'' or ''1''=''1'
            3 | user show %
            3 | user show ali_e
            3 | user show 999999
            3 | user show 99999999999999999999
            3 | user show ghost
            3 | user show {ESC}[31malice{RLO}
            3 | user activate nosuch
            3 | user activate 'x'' or ''1''=''1'
            3 | user activate %
            3 | user activate ali_e
            3 | user activate 999999
            3 | user activate 99999999999999999999
            3 | user activate ghost
            3 | user activate {ESC}[31malice{RLO}
            3 | user deactivate nosuch
            3 | user deactivate 'x'' or ''1''=''1'
            3 | user deactivate %
            3 | user deactivate ali_e
            3 | user deactivate 999999
            3 | user deactivate 99999999999999999999
            3 | user deactivate ghost
            3 | user deactivate {ESC}[31malice{RLO}
            3 | user toggle_activated nosuch
            3 | user toggle_activated 'x'' or ''1''=''1'
            3 | user toggle_activated %
            3 | user toggle_activated ali_e
            3 | user toggle_activated 999999
            3 | user toggle_activated 99999999999999999999
            3 | user toggle_activated ghost
            3 | user toggle_activated {ESC}[31malice{RLO}
            3 | user confirm nosuch
            3 | user confirm 'x'' or ''1''=''1'
            3 | user confirm %
            3 | user confirm ali_e
            3 | user confirm 999999
            3 | user confirm 99999999999999999999
            3 | user confirm ghost
            3 | user confirm {ESC}[31malice{RLO}
            3 | user unconfirm nosuch
            3 | user unconfirm 'x'' or ''1''=''1'
            3 | user unconfirm %
            3 | user unconfirm ali_e
            3 | user unconfirm 999999
            3 | user unconfirm 99999999999999999999
            3 | user unconfirm ghost
            3 | user unconfirm {ESC}[31malice{RLO}
            3 | user toggle_confirmed nosuch
            3 | user toggle_confirmed 'x'' or ''1''=''1'
            3 | user toggle_confirmed %
            3 | user toggle_confirmed ali_e
            3 | user toggle_confirmed 999999
            3 | user toggle_confirmed 99999999999999999999
            3 | user toggle_confirmed ghost
            3 | user toggle_confirmed {ESC}[31malice{RLO}
            3 | user approve nosuch
            3 | user approve 'x'' or ''1''=''1'
            3 | user approve %
            3 | user approve ali_e
            3 | user approve 999999
            3 | user approve 99999999999999999999
            3 | user approve ghost
            3 | user approve {ESC}[31malice{RLO}
            3 | user reset_password nosuch
            3 | user reset_password 'x'' or ''1''=''1'
            3 | user reset_password %
            3 | user reset_password ali_e
            3 | user reset_password 999999
            3 | user reset_password 99999999999999999999
            3 | user reset_password ghost
            3 | user reset_password {ESC}[31malice{RLO}
            3 | user sign_out nosuch
            3 | user sign_out 'x'' or ''1''=''1'
            3 | user sign_out %
            3 | user sign_out ali_e
            3 | user sign_out 999999
            3 | user sign_out 99999999999999999999
            3 | user sign_out ghost
            3 | user sign_out {ESC}[31malice{RLO}
            3 | user unsubscribe nosuch
            3 | user unsubscribe 'x'' or ''1''=''1'
            3 | user unsubscribe %
            3 | user unsubscribe ali_e
            3 | user unsubscribe 999999
            3 | user unsubscribe 99999999999999999999
            3 | user unsubscribe ghost
            3 | user unsubscribe {ESC}[31malice{RLO}
            3 | user delete_activities nosuch -y
            3 | user delete_activities 'x'' or ''1''=''1' -y
            3 | user delete_activities % -y
            3 | user delete_activities ali_e -y
            3 | user delete_activities 999999 -y
            3 | user delete_activities 99999999999999999999 -y
            3 | user delete_activities ghost -y
            3 | user delete_activities {ESC}[31malice{RLO} -y
            3 | user rm nosuch -y
            3 | user rm 'x'' or ''1''=''1' -y
            3 | user rm % -y
            3 | user rm ali_e -y
            3 | user rm 999999 -y
            3 | user rm 99999999999999999999 -y
            3 | user rm {ESC}[31malice{RLO} -y
            3 | user set nosuch --locked
            3 | user set 'x'' or ''1''=''1' --locked
            3 | user set % --locked
            3 | user set ali_e --locked
            3 | user set 999999 --locked
            3 | user set 99999999999999999999 --locked
            3 | user set ghost --locked
            3 | user set {ESC}[31malice{RLO} --locked
            3 | user tag nosuch x
            3 | user tag 'x'' or ''1''=''1' x
            3 | user tag % x
            3 | user tag ali_e x
            3 | user tag 999999 x
            3 | user tag 99999999999999999999 x
            3 | user tag ghost x
            3 | user tag {ESC}[31malice{RLO} x
            3 | user untag nosuch x
            3 | user untag 'x'' or ''1''=''1' x
            3 | user untag % x
            3 | user untag ali_e x
            3 | user untag 999999 x
            3 | user untag 99999999999999999999 x
            3 | user untag ghost x
            3 | user untag {ESC}[31malice{RLO} x
            3 | user update nosuch --name N
            3 | user update 'x'' or ''1''=''1' --name N
            3 | user update % --name N
            3 | user update ali_e --name N
            3 | user update 999999 --name N
            3 | user update 99999999999999999999 --name N
            3 | user update ghost --name N
            3 | user update {ESC}[31malice{RLO} --name N
            3 | user password nosuch --password-stdin | pw
            3 | user password 'x'' or ''1''=''1' --password-stdin | pw
            3 | user password % --password-stdin | pw
            3 | user password ali_e --password-stdin | pw
            3 | user password 999999 --password-stdin | pw
            3 | user password 99999999999999999999 --password-stdin | pw
            3 | user password ghost --password-stdin | pw
            3 | user password {ESC}[31malice{RLO} --password-stdin | pw
            3 | user get nosuch
            3 | user get 'x'' or ''1''=''1'
            3 | user get %
            3 | user get ali_e
            3 | user get 999999
            3 | user get 99999999999999999999
            3 | user get ghost
            3 | user get {ESC}[31malice{RLO}
            3 | user disable nosuch
            3 | user disable 'x'' or ''1''=''1'
            3 | user disable %
            3 | user disable ali_e
            3 | user disable 999999
            3 | user disable 99999999999999999999
            3 | user disable ghost
            3 | user disable {ESC}[31malice{RLO}
            """;

    private static final Map<String, String> CHARACTERS = Map.ofEntries(
            Map.entry("ESC", "\u001b"), Map.entry("BEL", "\u0007"), Map.entry("DEL", "\u007f"),
            Map.entry("C1", "\u009b"), Map.entry("LF", "\n"), Map.entry("CR", "\r"), Map.entry("TAB", "\t"),
            Map.entry("RLO", "\u202e"), Map.entry("LRI", "\u2066"), Map.entry("ALM", "\u061c"),
            Map.entry("EMPTY", ""),
            Map.entry("1MB", "x".repeat(1 << 20)),
            Map.entry("deep", "{\"a\":" + "[".repeat(20000) + "]".repeat(20000) + "}"));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)(?:\\*(\\d+))?}");

    private String snapshot;

    private String hash;

    @BeforeAll
    void world() {
        hash = Passwords.hash("password1".toCharArray());
        seed();
    }

    /** The fixture, from empty tables and fresh sequences; again after a case that changed it. */
    private void seed() {
        Rows.reset(sql());
        long alice = Rows.user(sql(), "alice", u -> u.setPasswordHash(hash).setAdmin(true));
        Rows.user(sql(), "bob", u -> u.setPasswordHash(hash).setActivated(false));
        Rows.user(sql(), "carol", u -> u.setApproved(false).setConfirmed(false));
        long eve = Rows.remote(sql(), "eve");
        Rows.tombstone(sql(), "ghost");
        Rows.follow(sql(), alice, eve);
        Rows.activity(sql(), alice, "post", null);
        Rows.invite(sql(), "invtok1", "one_time");
        Rows.invite(sql(), "invtok2", "one_time", i -> i.setUsed(true));
        Rows.apiToken(sql(), alice, "known", t -> t.setLabel("ci"));
        Rows.member(sql(), Rows.group(sql(), "staff", "the people who run the site"), alice);
        Rows.auditEntry(sql(), "2026-01-01T00:00:00Z", "root", "user.new", "create", "alice", "{}", "{}");
        snapshot = db.snapshot();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String line : CORPUS.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split(" \\| ", 3);
            cases.add(Arguments.of(line, Integer.parseInt(columns[0].trim()), args(columns[1].trim()),
                    columns.length > 2 ? columns[2].trim() : ""));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refused(String line, int code, String[] args, String stdin) {
        CtlRun.Result r = ctl().stdin(stdin(stdin)).run(args);
        String shown = r.toString().length() > 2000 ? r.toString().substring(0, 2000) + "…" : r.toString();
        assertNotEquals(0, r.code(), shown);
        assertNotEquals(70, r.code(), shown);
        assertEquals(code, r.code(), shown);
        assertTrue(r.err().startsWith("ctl: ") && r.err().indexOf('\n') == r.err().length() - 1, shown);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), shown);
        assertEquals("", r.out(), shown);
        assertTrue(r.err().codePoints().noneMatch(c -> c != '\n' && ctl.output.Output.unsafe(c)), "raw control on stderr: " + shown);
        String after = db.snapshot();
        if (!after.equals(snapshot)) {
            seed(); // so that the next cases start from the fixture again
        }
        assertEquals(snapshot, after, () -> "the database changed: " + shown);
    }

    /** The arguments of one line: split on spaces, '…' quoted, placeholders expanded. */
    static String[] args(String text) {
        List<String> args = new ArrayList<>();
        StringBuilder arg = null;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' && quoted && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                arg.append('\'');
                i++;
            } else if (c == '\'') {
                quoted = !quoted;
                arg = arg == null ? new StringBuilder() : arg;
            } else if (c == ' ' && !quoted) {
                if (arg != null) {
                    args.add(expand(arg.toString()));
                    arg = null;
                }
            } else {
                arg = arg == null ? new StringBuilder() : arg;
                arg.append(c);
            }
        }
        if (arg != null) {
            args.add(expand(arg.toString()));
        }
        return args.toArray(String[]::new);
    }

    private static String expand(String arg) {
        Matcher m = PLACEHOLDER.matcher(arg);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = m.group(2) != null ? m.group(1).repeat(Integer.parseInt(m.group(2))) : CHARACTERS.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("unknown placeholder " + m.group());
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        return m.appendTail(sb).toString();
    }

    private static byte[] stdin(String kind) {
        return switch (kind) {
            case "" -> new byte[0];
            case "pw" -> "password1\n".getBytes(StandardCharsets.UTF_8);
            case "wrong" -> "wrongpass1\n".getBytes(StandardCharsets.UTF_8);
            case "unissued" -> "not-a-token-anyone-issued\n".getBytes(StandardCharsets.UTF_8);
            case "sqli" -> "x' or '1'='1\n".getBytes(StandardCharsets.UTF_8);
            case "resetpair" -> "not-a-reset-token\npassword1\n".getBytes(StandardCharsets.UTF_8);
            case "short" -> "short\n".getBytes(StandardCharsets.UTF_8);
            case "long" -> "x".repeat(5000).getBytes(StandardCharsets.UTF_8);
            case "empty" -> "\n".getBytes(StandardCharsets.UTF_8);
            case "badutf8" -> new byte[] {(byte) 0xff, (byte) 0xfe, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '\n'};
            default -> throw new IllegalArgumentException("unknown stdin " + kind);
        };
    }
}
