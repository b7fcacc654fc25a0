import ctl.db.schema.tables.records.UsersRecord;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static ctl.db.schema.Tables.USERS;

/**
 * The floor under issue 11's start-up targets (src/bench/startup.sh): `ctl user show`'s query,
 * and nothing else, by a program on the same JVM, flags and kind of class archive as ctl.
 * <ul>
 * <li>{@code Floor jdbc URL NICKNAME}: pgjdbc alone, a prepared statement;
 * <li>{@code Floor jooq URL NICKNAME}: the same through jOOQ and ctl's generated table, as a task
 *     reads it, without picocli, ctl's checks, its session settings or its output.
 * </ul>
 * It prints the row's columns on one line, tab-separated. Not part of ctl: only the benchmark
 * compiles it, against the bundle's jars.
 */
public final class Floor {
    private static final String FIELDS = "id, nickname, email, name, bio, company, local, instance, admin, moderator,"
            + " locked, confirmed, activated, approved, tags, metadata, created_at, updated_at";

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[1])) {
            if (args[0].equals("jdbc")) {
                try (PreparedStatement select = connection.prepareStatement("select " + FIELDS
                        + " from users where lower(nickname) = lower(?) and deleted_at is null")) {
                    select.setString(1, args[2]);
                    try (ResultSet row = select.executeQuery()) {
                        StringBuilder line = new StringBuilder();
                        while (row.next()) {
                            for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
                                line.append(i > 1 ? "\t" : "").append(row.getString(i));
                            }
                        }
                        System.out.println(line);
                    }
                }
            } else {
                DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
                UsersRecord user = dsl.selectFrom(USERS)
                        .where(DSL.lower(USERS.NICKNAME).eq(DSL.lower(args[2])))
                        .and(USERS.DELETED_AT.isNull())
                        .fetchOne();
                StringBuilder line = new StringBuilder();
                for (Object value : user.intoArray()) {
                    line.append(line.length() > 0 ? "\t" : "").append(value);
                }
                System.out.println(line);
            }
        }
    }
}
