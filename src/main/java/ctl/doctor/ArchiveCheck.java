package ctl.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The launcher's class archive (README: "Which Java, and the class archive"). bin/ctl decides
 * before the JVM starts and says what it decided in {@code -Dctl.archive=STATE:WHAT}: used (the
 * user's cached archive for this jar and JDK), bundle (the release's trained AOT cache),
 * training (this run makes one), off (CTL_CDS), none (and why).
 */
final class ArchiveCheck {
    static final String PROPERTY = "ctl.archive";
    private static final String SLOWER = " (start-up is about twice as slow)";

    private ArchiveCheck() {}

    static Check check(String decided) {
        if (decided == null) {
            return Check.ok("archive", "not started by bin/ctl (java -jar?): no class archive was chosen" + SLOWER);
        }
        int colon = decided.indexOf(':');
        String state = colon < 0 ? decided : decided.substring(0, colon);
        String what = colon < 0 ? "" : decided.substring(colon + 1);
        return switch (state) {
            case "used" -> Check.ok("archive", kind(what) + " " + what + sized(what) + " for this jar and JDK");
            case "bundle" -> Check.ok("archive", "the bundle's trained AOT cache " + what + sized(what));
            case "training" -> Check.ok("archive", "made by this run: " + kind(what) + " " + what
                    + ", kept if it exits 0, for the next runs");
            case "off" -> Check.ok("archive", "off (" + what + ")" + SLOWER);
            case "none" -> Check.warn("archive", "none: " + what + SLOWER);
            default -> Check.warn("archive", "bin/ctl said " + decided + ", which this ctl does not know: "
                    + "a launcher of another version?");
        };
    }

    private static String kind(String file) {
        return file.endsWith(".jsa") ? "dynamic CDS archive" : "AOT cache";
    }

    private static String sized(String file) {
        try {
            return " (" + Check.size(Files.size(Path.of(file))) + ")";
        } catch (IOException | RuntimeException e) {
            return " (gone since this run started)";
        }
    }
}
