package ctl.group;

import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.GROUPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupCreateTest extends CtlTest {
    /** One group already: staff. */
    @BeforeEach
    void world() {
        Rows.reset(sql());
        Rows.group(sql(), "staff", "The people who run the site");
    }

    @Test
    void createSaysSoAndLeavesTheGroupWithItsSummary() {
        var r = expect(0, ctl().clock(Rows.CLOCK).run("group", "create", "ops", "--summary", "On call"));
        assertEquals("Group ops created\n", r.err());
        assertEquals("", r.out(), "the table format prints no record: the status line says it");
        var row = sql().selectFrom(GROUPS).where(GROUPS.NAME.eq("ops")).fetchOne();
        assertEquals("On call", row.getSummary());
        assertEquals(Rows.NOW, row.getCreatedAt().toInstant());
    }

    @Test
    void createWritesOneAuditEntryWithItsNameSummaryAndCount() {
        expect(0, ctl("group", "create", "ops", "--summary", "On call"));
        var audit = Rows.onlyAudit(sql());
        assertEquals("group.create", audit.getOperation());
        assertEquals("create", audit.getActionKind());
        assertEquals("ops", audit.getTarget());
        assertEquals(Map.of("name", "ops", "summary", "On call"), Json.parse(audit.getParameters().data()));
        assertEquals(Map.of("groups", 1L), Json.parse(audit.getChanges().data()));
        assertEquals("finished", audit.getStatus());
    }

    @Test
    void aSummaryIsOptional() {
        expect(0, ctl("group", "create", "ops"));
        assertNull(sql().selectFrom(GROUPS).where(GROUPS.NAME.eq("ops")).fetchOne().getSummary());
        assertEquals(Map.of("name", "ops"), Json.parse(Rows.onlyAudit(sql()).getParameters().data()));
    }

    @Test
    void withJsonItPrintsTheNewGroupOnStdout() {
        var r = expect(0, ctl().clock(Rows.CLOCK).run("group", "create", "ops", "--summary", "On call", "--json"));
        assertEquals("Group ops created\n", r.err());
        long id = sql().select(GROUPS.ID).from(GROUPS).where(GROUPS.NAME.eq("ops")).fetchOne(GROUPS.ID);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", id);
        expected.put("name", "ops");
        expected.put("summary", "On call");
        expected.put("created_at", "2026-03-01T12:00:00Z");
        assertEquals(expected, Json.parse(r.out()));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(Json.object(r.out()).keySet()));
    }

    @Test
    void withCsvItPrintsAHeaderAndTheNewGroup() {
        var r = expect(0, ctl().clock(Rows.CLOCK).run("group", "create", "ops", "--format", "csv"));
        long id = sql().select(GROUPS.ID).from(GROUPS).where(GROUPS.NAME.eq("ops")).fetchOne(GROUPS.ID);
        assertEquals("id,name,summary,created_at\r\n" + id + ",ops,,2026-03-01T12:00:00Z\r\n", r.out());
    }

    @Test
    void dryRunSaysSoChangesNoRowAndWritesNoAudit() {
        String before = db.rows();
        var r = expect(0, ctl("group", "create", "ops", "--dry-run"));
        assertEquals("Group ops created (dry run)\n", r.err());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"staff", "STAFF", "Staff"})
    void aTakenNameExits4WhateverItsCaseAndChangesNothing(String name) {
        String before = db.snapshot();
        var r = expect(4, ctl("group", "create", name));
        assertEquals("ctl: group name " + name + " is taken\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"two words", "a/b", "ops!", "équipe", "",
            "x12345678901234567890123456789012345678901234567890123456789012345"})
    void anInvalidNameExits5WithOneLineAndChangesNothing(String name) {
        String before = db.snapshot();
        var r = expect(5, ctl("group", "create", name));
        assertEquals("ctl: invalid group name \"" + name + "\": use 1-64 letters, digits, _, . or -\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aNameOf64CharactersOfEveryKindAllowedIsFine() {
        String name = "Ab9_.-" + "x".repeat(58);
        expect(0, ctl("group", "create", name));
        assertTrue(Rows.groups(sql()).contains(name));
    }

    @Test
    void withoutANameItExits2() {
        String before = db.snapshot();
        var r = expect(2, ctl("group", "create"));
        assertEquals("ctl: missing required parameter: 'NAME' (see `ctl group create --help`)\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void helpShowsAnExample() {
        var r = expect(0, ctl("group", "create", "--help"));
        assertTrue(r.out().contains("Examples:\n  ctl group create staff --summary"), r::toString);
    }
}
