package ctl.model;

import ctl.base.CtlException;
import org.jooq.JSONB;
import org.jooq.tools.json.JSONParser;
import org.jooq.tools.json.ParseException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of SPEC §3 for what an operator types about a user, checked before anything
 * is asked or written; each failure is one line and exit 5.
 */
public final class UserInput {
    private static final Pattern NICKNAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    // The shape the schema enforces, plus what a mail system would refuse anyway.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\"(),:;<>\\[\\\\\\]]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    private UserInput() {}

    public static String nickname(String nickname) {
        if (!NICKNAME.matcher(nickname).matches()) {
            throw CtlException.invalid("invalid nickname \"" + nickname + "\": use 1-64 letters, digits, _, . or -");
        }
        return nickname;
    }

    public static String email(String email) {
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw CtlException.invalid("invalid email \"" + email + "\"");
        }
        return email;
    }

    public static String name(String name) {
        return limit("name", name, 100);
    }

    public static String bio(String bio) {
        return limit("bio", bio, 5000);
    }

    private static String limit(String what, String value, int max) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            throw CtlException.invalid(what + " is longer than " + max + " characters");
        }
        return value;
    }

    /** Lower-cased, without duplicates, in the order given. */
    public static String[] tags(List<String> tags) {
        Set<String> result = new LinkedHashSet<>();
        for (String tag : tags) {
            String t = tag.trim().toLowerCase(Locale.ROOT);
            if (t.isEmpty()) {
                throw CtlException.invalid("empty tag");
            }
            result.add(t);
        }
        return result.toArray(String[]::new);
    }

    /** A JSON object, or exit 5. */
    public static JSONB metadata(String json) {
        Object parsed;
        try {
            parsed = new JSONParser().parse(json);
        } catch (ParseException | RuntimeException e) {
            throw CtlException.invalid("invalid JSON in --metadata");
        }
        if (!(parsed instanceof Map)) {
            throw CtlException.invalid("--metadata must be a JSON object");
        }
        return JSONB.jsonb(json);
    }
}
