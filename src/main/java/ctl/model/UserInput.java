package ctl.model;

import ctl.base.CtlException;
import ctl.output.Output;
import org.jooq.JSONB;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of SPEC §3 and §6 for what an operator types about a user (and the other text
 * ctl stores: labels, summaries), checked before anything is asked or written; each failure
 * is one line and exit 5.
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
        text("email", email, false);
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw CtlException.invalid("invalid email \"" + email + "\"");
        }
        return email;
    }

    public static String name(String name) {
        return limit("name", text("name", name, false), 100);
    }

    /** The one field of several lines: newlines and tabs are its own. */
    public static String bio(String bio) {
        return limit("bio", text("bio", bio, true), 5000);
    }

    public static String company(String company) {
        return limit("company", text("company", company, false), 100);
    }

    /** A token's label or a group's summary: one line of at most {@code max} characters. */
    public static String line(String field, String value, int max) {
        return limit(field, text(field, value, false), max);
    }

    /**
     * SPEC §6: no control or bidi character ({@link Output#unsafe}: C0, C1, DEL, the bidi
     * controls) in text ctl stores, save a newline or tab in a {@code multiline} field; exit 5
     * naming the field and the character. Null passes.
     */
    public static String text(String field, String value, boolean multiline) {
        if (value == null) {
            return null;
        }
        value.codePoints()
                .filter(c -> Output.unsafe(c) && !(multiline && (c == '\n' || c == '\t')))
                .findFirst()
                .ifPresent(c -> {
                    throw CtlException.invalid(field + " must not contain control or bidi characters (found "
                            + Output.escaped(c) + ")");
                });
        return value;
    }

    static String limit(String what, String value, int max) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            throw CtlException.invalid(what + " is longer than " + max + " characters");
        }
        return value;
    }

    /** Lower-cased, without duplicates, in the order given: at most 100 tags of 64 characters. */
    public static String[] tags(List<String> tags) {
        return tags(tags, true);
    }

    /**
     * Tags to remove: as {@link #tags(List)}, except that a control or bidi character is let
     * through, so that a tag the application stored with one can still be removed (the output
     * escapes it; ctl never stores one).
     */
    public static String[] tagsToRemove(List<String> tags) {
        return tags(tags, false);
    }

    private static String[] tags(List<String> tags, boolean storing) {
        if (tags.size() > 100) {
            throw CtlException.invalid("at most 100 tags at once (" + tags.size() + " given)");
        }
        Set<String> result = new LinkedHashSet<>();
        for (String tag : tags) {
            String t = (storing ? text("tag", tag, false) : tag).trim().toLowerCase(Locale.ROOT);
            if (t.isEmpty()) {
                throw CtlException.invalid("empty tag");
            }
            result.add(limit("tag", t, 64));
        }
        return result.toArray(String[]::new);
    }

    /** A JSON object that jsonb can hold ({@link JsonInput}), or exit 5. */
    public static JSONB metadata(String json) {
        if (JsonInput.check("--metadata", json) != '{') {
            throw CtlException.invalid("--metadata must be a JSON object");
        }
        return JSONB.jsonb(json);
    }
}
