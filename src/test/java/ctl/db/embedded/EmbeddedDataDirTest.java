package ctl.db.embedded;

import ctl.base.CtlException;
import ctl.testing.OsUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.Map;

import static ctl.db.embedded.EmbeddedFixture.assertNoServer;
import static ctl.db.embedded.EmbeddedFixture.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Where the data directory is, and that ctl never changes the mode of a directory it did not create. */
class EmbeddedDataDirTest {
    @TempDir Path tmp;

    @BeforeEach
    void open() throws Exception {
        EmbeddedFixture.openToTheServerUser(tmp);
    }

    @Test
    void theDataDirComesFromCtlDataDirThenXdgThenHome() {
        assertEquals(Path.of("/home/op/.local/share/ctl"), EmbeddedPostgres.defaultDataDir(Map.of("HOME", "/home/op"), false));
        assertEquals(Path.of("/srv/ctl"), EmbeddedPostgres.defaultDataDir(Map.of("CTL_DATA_DIR", "/srv/ctl", "XDG_DATA_HOME", "/x"), false));
        assertEquals(Path.of("/x/ctl"), EmbeddedPostgres.defaultDataDir(Map.of("XDG_DATA_HOME", "/x"), false));
        assertEquals(Path.of(System.getProperty("user.home"), ".local/share/ctl"), EmbeddedPostgres.defaultDataDir(Map.of(), false));
    }

    @Test
    void aSharedDirectoryLikeTmpKeepsItsModeAndGetsCtlsFilesInASubdirectoryCtl() throws Exception {
        Path shared = tmp.resolve("shared-tmp");
        Files.createDirectory(shared);
        Files.setAttribute(shared, "unix:mode", 01777);
        Files.writeString(shared.resolve("someone-elses-file"), "x");

        assertEquals(shared.resolve("ctl"), EmbeddedPostgres.defaultDataDir(Map.of("CTL_DATA_DIR", shared.toString()), false),
                "the notice names where the data really is");
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(shared); Connection c = connect(pg)) {
            assertTrue(c.isValid(2));
            assertEquals(shared.resolve("ctl"), pg.dataDir());
        }
        assertEquals(01777, mode(shared), "the mode of /tmp-like directory is untouched");
        assertTrue(Files.exists(shared.resolve("ctl/password")));
        assertEquals("x", Files.readString(shared.resolve("someone-elses-file")));
        assertNoServer(shared);
    }

    @Test
    void anEmptyDirectoryMadeForCtlIsUsedAsItIsWithoutChangingItsMode() throws Exception {
        Path made = tmp.resolve("made-by-the-operator");
        Files.createDirectory(made);
        Files.setAttribute(made, "unix:mode", 0755);
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(made); Connection c = connect(pg)) {
            assertEquals(made, pg.dataDir());
        }
        assertEquals(0755, mode(made));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made.resolve("password"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made.resolve("data"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made.resolve("postgres.log"))));
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(made)) {
            assertEquals(made, pg.dataDir(), "once it holds ctl's files it stays the data directory");
        }
        assertNoServer(made);
    }

    @Test
    void asRootACtlSubdirectoryPlantedByNobodyInASharedDirectoryIsRefused() throws Exception {
        assumeTrue(OsUser.isRoot(), "only root can give a directory to nobody");
        Path shared = tmp.resolve("shared-tmp");
        Files.createDirectory(shared);
        Files.setAttribute(shared, "unix:mode", 01777);
        Path planted = Files.createDirectory(shared.resolve("ctl"));
        Files.setOwner(planted, planted.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        CtlException e = assertThrows(CtlException.class, () -> EmbeddedPostgres.start(shared));
        assertEquals(6, e.exitCode());
        assertEquals("the embedded database cannot use " + planted + ": it is not a directory that only "
                + System.getProperty("user.name") + " owns and can write; set CTL_DATA_DIR to a directory of ctl's own",
                e.getMessage());
        assertEquals("nobody", Files.getOwner(planted).getName());
    }

    private static int mode(Path p) throws Exception {
        return ((Integer) Files.getAttribute(p, "unix:mode")) & 07777;
    }
}
