package ctl.db;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SPEC §5's session settings, set at the start of every transaction with {@code SET LOCAL}
 * semantics (set_config(…, true)) rather than once per session: through a transaction-pooling
 * PgBouncer each transaction may run on another server session, and the startup
 * {@code options} parameter is refused there.
 *
 * <p>A stalled network: the server drops a session of ours left idle in a writing transaction
 * after the statement timeout, at most {@link #IDLE_IN_TRANSACTION} (ctl never waits between the
 * statements of such a transaction: its prompts come before it); reads that stream to a slow
 * reader, such as a pager, get {@link #IDLE_IN_READ}. ctl stops waiting for an answer after
 * {@link #socketTimeoutSeconds}, so the server has let go of a write transaction by then.
 */
final class SessionSettings {
    static final String IDLE_IN_TRANSACTION = "60s";
    static final String IDLE_IN_READ = "10min";
    /** No statement of ctl's but a migration takes long; past this its silence is the network's. */
    static final int MAX_SOCKET_TIMEOUT = 60;
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|min|h|d)?");

    private final String lockTimeout;
    private final String statementTimeout;
    private final String idleInTransaction;

    SessionSettings(String lockTimeout, String statementTimeout) {
        this.lockTimeout = lockTimeout.replace(" ", "");
        this.statementTimeout = statementTimeout.replace(" ", "");
        this.idleInTransaction = idleInTransaction(statementTimeout);
    }

    /**
     * Sets them for the transaction, and reads {@code alongside} in the same statement (one
     * round trip for both): the values of those fields, in order.
     */
    List<Object> apply(DSLContext dsl, boolean read, Field<?>... alongside) {
        List<Field<?>> fields = new ArrayList<>(fields(read));
        fields.addAll(List.of(alongside));
        Object[] values = dsl.select(fields).fetchOne().intoArray();
        return Arrays.asList(values).subList(3, values.length);
    }

    /**
     * The statement that sets them. Sent ahead of a transaction's first statement in the same
     * round trip ({@code Database.transaction(first, work)}) they hold for that statement too:
     * the server reads lock_timeout when a wait begins and arms statement_timeout at each
     * statement's first protocol message.
     */
    ResultQuery<Record> query(boolean read) {
        return DSL.select(fields(read));
    }

    private List<Field<?>> fields(boolean read) {
        return List.of(
                DSL.function("set_config", String.class, DSL.inline("lock_timeout"), DSL.val(lockTimeout), DSL.inline(true)),
                DSL.function("set_config", String.class, DSL.inline("statement_timeout"), DSL.val(statementTimeout), DSL.inline(true)),
                DSL.function("set_config", String.class, DSL.inline("idle_in_transaction_session_timeout"),
                        DSL.inline(read ? IDLE_IN_READ : idleInTransaction), DSL.inline(true)));
    }

    /**
     * What differs between the settings asked for and those a transaction of ctl's has (the
     * server's pg_settings, in ms): "" when they hold. Call inside a transaction of ctl's.
     */
    String mismatches(DSLContext dsl) {
        java.util.Map<String, String> actual = dsl.resultQuery(
                "select name, setting from pg_settings where name in ('lock_timeout', 'statement_timeout')")
                .fetchMap(r -> r.get(0, String.class), r -> r.get(1, String.class));
        StringBuilder differs = new StringBuilder();
        for (String[] asked : new String[][] {{"lock_timeout", lockTimeout}, {"statement_timeout", statementTimeout}}) {
            String has = actual.get(asked[0]);
            if (has == null || Long.parseLong(has) != millis(asked[1])) {
                differs.append(differs.length() == 0 ? "" : ", ").append(asked[0]).append(" is ")
                        .append(has == null ? "unknown" : has + "ms").append(" where ").append(asked[1]).append(" was set");
            }
        }
        return differs.toString();
    }

    /**
     * How long ctl waits for the server's answer: the statement timeout and 10 s more, so that
     * the server's own timeout speaks first; at most {@link #MAX_SOCKET_TIMEOUT} s plus those 10.
     */
    static int socketTimeoutSeconds(String statementTimeout) {
        long ms = millis(statementTimeout);
        long seconds = ms <= 0 ? MAX_SOCKET_TIMEOUT : ms / 1000; // 0 means no statement timeout
        return (int) Math.min(seconds, MAX_SOCKET_TIMEOUT) + 10;
    }

    /** A writing transaction's idle_in_transaction_session_timeout: the statement timeout, at most 60 s. */
    static String idleInTransaction(String statementTimeout) {
        long ms = millis(statementTimeout);
        long max = Long.parseLong(IDLE_IN_TRANSACTION.replace("s", "")) * 1000;
        return ms <= 0 || ms >= max ? IDLE_IN_TRANSACTION : ms + "ms";
    }

    /** A PostgreSQL duration ("5s", "300", "2min") in ms; -1 if it is not one. */
    private static long millis(String duration) {
        Matcher m = DURATION.matcher(duration.trim());
        if (!m.matches()) {
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2); // PostgreSQL's default unit
        return switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "min" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n * 86_400_000;
        };
    }
}
