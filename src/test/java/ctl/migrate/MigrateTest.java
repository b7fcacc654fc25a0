package ctl.migrate;

import ctl.db.Database;
import ctl.db.Schema;
import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.TestDatabase;
import ctl.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC §1 "Schema": `ctl migrate` and `ctl migrate --status`. The class's own database is migrated already. */
class MigrateTest extends CtlTest {
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__(.+)\\.sql");
    private final List<TestDatabase> empties = new ArrayList<>();

    @AfterEach
    void dropEmptyDatabases() {
        empties.forEach(TestDatabase::drop);
        empties.clear();
    }

    private TestDatabase empty() {
        TestDatabase empty = TestServer.get().createEmptyDatabase("MigrateTest");
        empties.add(empty);
        return empty;
    }

    private static CtlRun on(TestDatabase database) {
        return new CtlRun().env("DATABASE_URL", database.url());
    }

    /** migrations/V<n>__<words>.sql, in version order, as `Applied migration n: words`. */
    private static List<String> appliedLines() throws IOException {
        record Migration(int version, String description) {}
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("ctl.home"), "migrations"))) {
            return files.map(f -> MIGRATION.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' ')))
                    .sorted(java.util.Comparator.comparingInt(Migration::version))
                    .map(m -> "Applied migration " + m.version() + ": " + m.description())
                    .toList();
        }
    }


    @Test
    void theSchemaVersionIsTheHighestMigration() throws IOException {
        int highest;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("ctl.home"), "migrations"))) {
            highest = files.map(f -> MIGRATION.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max()
                    .orElseThrow();
        }
        assertEquals(highest, Schema.VERSION);
    }

    @Test
    void migrateAppliesEveryMigrationToAnEmptyDatabaseAndSaysEach() throws IOException {
        TestDatabase empty = empty();
        var r = expect(0, on(empty).run("migrate"));
        assertEquals(Schema.VERSION, appliedLines().size());
        assertEquals(String.join("\n", appliedLines()) + "\n", r.out());
        assertEquals("Database schema migrated to version " + Schema.VERSION + "\n", r.err());
        assertEquals(Schema.VERSION, Schema.applied(empty.sql()));

        var list = expect(0, on(empty).run("user", "list", "--json"));
        assertEquals("[]\n", list.out());
        expect(0, on(empty).run("user", "new", "first", "first@example.com", "-q"));
        assertEquals(1, empty.sql().fetchCount(ctl.db.schema.Tables.USERS));
    }

    @Test
    void migrateTwiceAppliesNothingTheSecondTime() {
        TestDatabase empty = empty();
        expect(0, on(empty).run("migrate"));
        String before = empty.snapshot();
        var r = expect(0, on(empty).run("migrate"));
        assertEquals("", r.out());
        assertEquals("Database schema already at version " + Schema.VERSION + "\n", r.err());
        assertEquals(before, empty.snapshot());
    }

    @Test
    void migrateOnAnUpToDateDatabaseChangesNothing() {
        String before = db.snapshot();
        var r = expect(0, ctl("migrate"));
        assertEquals("", r.out());
        assertEquals("Database schema already at version " + Schema.VERSION + "\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void statusListsEveryMigrationAsSuccessOnAMigratedDatabase() {
        var r = expect(0, ctl("migrate", "--status"));
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("\\s*version\\s+description\\s+state\\s+installed_on\\s*"), r::toString);
        assertTrue(lines.get(1).matches("[- ]+"), r::toString);
        assertEquals(Schema.VERSION + 2, lines.size(), r::toString);
        for (int i = 0; i < Schema.VERSION; i++) {
            String row = lines.get(i + 2);
            assertTrue(row.trim().startsWith((i + 1) + " "), row);
            assertTrue(row.contains(" success "), row);
        }
    }

    @Test
    void statusInJsonIsAnArrayOfOneObjectPerMigration() throws IOException {
        var r = expect(0, ctl("migrate", "--status", "--json"));
        List<Map<String, Object>> steps = Json.array(r.out());
        assertEquals(Schema.VERSION, steps.size());
        List<String> applied = appliedLines();
        for (int i = 0; i < steps.size(); i++) {
            Map<String, Object> step = steps.get(i);
            assertEquals(List.of("version", "description", "state", "installed_on"), List.copyOf(step.keySet()));
            assertEquals((long) i + 1, step.get("version"));
            assertEquals(applied.get(i), "Applied migration " + (i + 1) + ": " + step.get("description"));
            assertEquals("success", step.get("state"));
            String installedOn = (String) step.get("installed_on");
            assertTrue(installedOn.endsWith("Z"), installedOn);
            Instant.parse(installedOn);
        }
    }

    @Test
    void statusOnAnEmptyDatabaseShowsEveryMigrationPendingAndChangesNothing() {
        TestDatabase empty = empty();
        var r = expect(0, on(empty).run("migrate", "--status", "--json"));
        List<Map<String, Object>> steps = Json.array(r.out());
        assertEquals(Schema.VERSION, steps.size());
        for (Map<String, Object> step : steps) {
            assertEquals("pending", step.get("state"));
            assertNull(step.get("installed_on"));
        }
        var table = expect(0, on(empty).run("migrate", "--status"));
        assertEquals(Schema.VERSION, table.out().lines().filter(l -> l.contains(" pending ")).count(), table::toString);
        assertEquals("", empty.rows());
        assertEquals(0, Schema.applied(empty.sql()));
    }

    @Test
    void dryRunSaysWhatItWouldApplyAndChangesNothing() {
        TestDatabase empty = empty();
        var r = expect(0, on(empty).run("migrate", "--dry-run"));
        assertEquals("", r.out());
        assertEquals(Schema.VERSION + " pending migration(s) would be applied; schema at 0 (dry run)\n", r.err());
        assertEquals("", empty.rows());
        expect(8, on(empty).run("user", "list"));
    }

    @Test
    void dryRunOnAnUpToDateDatabaseHasNothingPending() {
        String before = db.rows();
        var r = expect(0, ctl("migrate", "--dry-run"));
        assertEquals("0 pending migration(s) would be applied; schema at " + Schema.VERSION + " (dry run)\n", r.err());
        assertEquals(before, db.rows());
    }

    @Test
    void quietMigrateKeepsTheAppliedLinesOnStdout() throws IOException {
        TestDatabase empty = empty();
        var r = expect(0, on(empty).run("migrate", "-q"));
        assertEquals(String.join("\n", appliedLines()) + "\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void migrateFinishesADatabaseThatIsBehind() {
        TestDatabase behind = empty();
        java.net.URI uri = java.net.URI.create(behind.url());
        String[] userInfo = uri.getUserInfo().split(":", 2);
        org.flywaydb.core.Flyway.configure()
                .dataSource(behind.jdbcUrl(), userInfo[0], userInfo.length > 1 ? userInfo[1] : null)
                .locations("filesystem:" + Path.of(System.getProperty("ctl.home"), "migrations"))
                .target(String.valueOf(Schema.VERSION - 1))
                .load()
                .migrate();
        var refused = expect(8, on(behind).run("user", "list"));
        assertEquals("ctl: database schema is at " + (Schema.VERSION - 1) + ", this ctl needs " + Schema.VERSION
                + ": run `ctl migrate`\n", refused.err());

        var r = expect(0, on(behind).run("migrate"));
        assertTrue(r.out().startsWith("Applied migration " + Schema.VERSION + ": "), r::toString);
        assertEquals(1, r.out().lines().count(), r::toString);
        expect(0, on(behind).run("user", "list"));
    }

    @Test
    void migrateOnAnUnreachableDatabaseExits6() {
        var r = expect(6, new CtlRun().env("DATABASE_URL", "postgres://u:sekret@127.0.0.1:1/nodb").run("migrate"));
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().contains("127.0.0.1:1/nodb"), r::toString);
        assertFalse(r.err().contains("sekret"), r::toString);
    }
}
