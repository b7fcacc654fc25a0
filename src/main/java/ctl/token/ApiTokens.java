package ctl.token;

import ctl.base.CtlException;
import ctl.security.Tokens;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.USERS;

/**
 * API tokens (SPEC §3, §6): issuing them, reading the options that shape them, and what a
 * token shows. The tokens themselves exist only in memory and on stdout; the table holds
 * their SHA-256, which is also how a token is found again.
 */
final class ApiTokens {
    /** A login's access token lives an hour unless --expires-in says otherwise; its refresh token 30 days. */
    static final Duration ACCESS_LIFETIME = Duration.ofHours(1);
    static final Duration REFRESH_LIFETIME = Duration.ofDays(30);
    private static final Duration MAX_LIFETIME = Duration.ofDays(36500);
    private static final Pattern LIFETIME = Pattern.compile("(\\d{1,9})([smhd]?)");
    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9_.:*-]{1,100}");

    static final Field<String> USER = USERS.NICKNAME.as("user");
    static final Field<String> ACCESS_TOKEN = DSL.field(DSL.name("access_token"), SQLDataType.VARCHAR);
    static final Field<String> REFRESH_TOKEN = DSL.field(DSL.name("refresh_token"), SQLDataType.VARCHAR);

    /** What `token list` shows: never a secret nor a hash. */
    static final Field<?>[] FIELDS = {API_TOKENS.ID, USER, API_TOKENS.LABEL, API_TOKENS.SCOPES, API_TOKENS.CREATED_AT,
            API_TOKENS.EXPIRES_AT, API_TOKENS.REFRESH_EXPIRES_AT, API_TOKENS.LAST_USED_AT, API_TOKENS.REVOKED_AT};

    private ApiTokens() {}

    /** {@code 3600} (seconds), {@code 90s}, {@code 15m}, {@code 1h}, {@code 30d}; exit 2 otherwise. */
    static Duration lifetime(String option, String value) {
        Matcher m = LIFETIME.matcher(value.trim());
        if (!m.matches()) {
            throw CtlException.usage("invalid " + option + " \"" + value
                    + "\": give seconds (3600) or a number with s, m, h or d (90s, 15m, 1h, 30d)");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero()) {
            throw CtlException.usage(option + " must be more than 0");
        }
        if (d.compareTo(MAX_LIFETIME) > 0) {
            throw CtlException.usage(option + " must be at most " + MAX_LIFETIME.toDays() + "d");
        }
        return d;
    }

    /** The scopes of --scopes a,b: trimmed, no duplicates, in the order given; exit 2 for a malformed one. */
    static String[] scopes(List<String> given) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String scope : given) {
            String s = scope.trim();
            if (!SCOPE.matcher(s).matches()) {
                throw CtlException.usage("invalid scope \"" + scope + "\": use letters, digits, _, ., :, * or -");
            }
            scopes.add(s);
        }
        return scopes.toArray(String[]::new);
    }

    /** The time a task works with, at PostgreSQL's precision so what is printed is what is stored. */
    static OffsetDateTime now(ctl.core.Context ctx) {
        return ctx.clock().instant().truncatedTo(ChronoUnit.MICROS).atOffset(java.time.ZoneOffset.UTC);
    }

    /** A token just made: its row id and the secrets, which are shown once and never stored. */
    record Issued(long id, String accessToken, String refreshToken, OffsetDateTime expiresAt, OffsetDateTime refreshExpiresAt) {
        /** What login and refresh print: {@code access_token, refresh_token, expires_at, refresh_expires_at}. */
        Record pair() {
            Record r = DSL.using(SQLDialect.POSTGRES).newRecord(ACCESS_TOKEN, REFRESH_TOKEN,
                    API_TOKENS.EXPIRES_AT, API_TOKENS.REFRESH_EXPIRES_AT);
            r.set(ACCESS_TOKEN, accessToken);
            r.set(REFRESH_TOKEN, refreshToken);
            r.set(API_TOKENS.EXPIRES_AT, expiresAt);
            r.set(API_TOKENS.REFRESH_EXPIRES_AT, refreshExpiresAt);
            return r;
        }
    }

    /** A new token: never starting with '-' (see Tokens.generate). */
    static String secret() {
        return Tokens.generate();
    }

    /**
     * Stores a new token for the user. With a refresh lifetime it is a login's pair, in
     * {@code family} (a refresh's chain) or, when that is null, starting a family of its own.
     */
    /**
     * True when the user may hold a token (local, activated, not deleted), and then locks the
     * row FOR SHARE until the transaction ends: a concurrent deactivation or `user rm` waits
     * for the token being issued, or has finished and is seen here. Call before {@link #issue}.
     */
    static boolean lockHolder(DSLContext dsl, long userId) {
        return dsl.selectOne().from(USERS)
                .where(USERS.ID.eq(userId))
                .and(USERS.LOCAL.isTrue()).and(USERS.ACTIVATED.isTrue()).and(USERS.DELETED_AT.isNull())
                .forShare()
                .fetchOne() != null;
    }

    static Issued issue(DSLContext dsl, OffsetDateTime now, long userId, String label, String[] scopes,
                        Duration access, Duration refresh, Long family) {
        String accessToken = secret();
        String refreshToken = refresh == null ? null : secret();
        OffsetDateTime expiresAt = access == null ? null : now.plus(access);
        OffsetDateTime refreshExpiresAt = refresh == null ? null : now.plus(refresh);
        long id = dsl.insertInto(API_TOKENS)
                .set(API_TOKENS.USER_ID, userId)
                .set(API_TOKENS.LABEL, label)
                .set(API_TOKENS.SCOPES, scopes)
                .set(API_TOKENS.ACCESS_HASH, Tokens.sha256(accessToken))
                .set(API_TOKENS.REFRESH_HASH, refreshToken == null ? null : Tokens.sha256(refreshToken))
                .set(API_TOKENS.FAMILY_ID, family)
                .set(API_TOKENS.CREATED_AT, now)
                .set(API_TOKENS.EXPIRES_AT, expiresAt)
                .set(API_TOKENS.REFRESH_EXPIRES_AT, refreshExpiresAt)
                .returning(API_TOKENS.ID)
                .fetchOne(API_TOKENS.ID);
        if (refresh != null && family == null) {
            dsl.update(API_TOKENS).set(API_TOKENS.FAMILY_ID, id).where(API_TOKENS.ID.eq(id)).execute();
        }
        return new Issued(id, accessToken, refreshToken, expiresAt, refreshExpiresAt);
    }
}
