package ctl.testing;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** One test class's own database, with a connection for seeding rows and checking them. */
public final class TestDatabase {
    private final TestServer server;
    public final String name;
    private Connection connection;
    private DSLContext dsl;

    TestDatabase(TestServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** As an operator would give it to --database-url or DATABASE_URL. */
    public String url() {
        return server.url(name);
    }

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    public TestServer server() {
        return server;
    }

    /** A new connection of its own, for a concurrent session (a lock holder, a probe); close it. */
    public Connection connect() {
        try {
            return TestServer.connect(server.jdbcUrl(name), server.user, server.password);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public DSLContext sql() {
        if (dsl == null) {
            try {
                connection = TestServer.connect(server.jdbcUrl(name), server.user, server.password);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            dsl = DSL.using(connection, SQLDialect.POSTGRES);
        }
        return dsl;
    }

    /**
     * Every row of every table and every sequence's position, as text in a fixed order:
     * two equal snapshots mean nothing changed at all.
     */
    public String snapshot() {
        StringBuilder sb = new StringBuilder(rows());
        for (String seq : sql().fetch("select sequencename || '=' || coalesce(last_value, 0) from pg_sequences where schemaname = 'public' order by 1").getValues(0, String.class)) {
            sb.append(seq).append('\n');
        }
        return sb.toString();
    }

    /**
     * Every row of every table. A rolled-back insert still advances its sequence (PostgreSQL
     * never gives sequence values back), so --dry-run is compared on rows alone.
     */
    public String rows() {
        StringBuilder sb = new StringBuilder();
        List<String> tables = sql().fetch("select tablename from pg_tables where schemaname = 'public' order by tablename").getValues(0, String.class);
        for (String table : tables) {
            sb.append("== ").append(table).append('\n');
            for (String row : sql().fetch("select t::text from " + DSL.quotedName(table) + " t order by t::text").getValues(0, String.class)) {
                sb.append(row).append('\n');
            }
        }
        return sb.toString();
    }

    public void drop() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // dropping with (force) ends it anyway
        }
        server.execute("drop database if exists " + name + " with (force)");
    }
}
