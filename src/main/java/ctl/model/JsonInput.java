package ctl.model;

import ctl.base.CtlException;

import java.math.BigDecimal;

/**
 * JSON an operator types (--metadata), checked strictly (RFC 8259) and against what a jsonb
 * column can hold, so that PostgreSQL never has to refuse it: no <code>&#92;u0000</code> in a string,
 * no unpaired surrogate, numbers PostgreSQL's numeric can store (at most 131072 digits before
 * the point and 16383 after), containers nested at most {@value #MAX_DEPTH} deep, and the
 * whole at most {@value #MAX_LENGTH} characters. Each failure is exit 5.
 */
final class JsonInput {
    static final int MAX_DEPTH = 100;
    static final int MAX_LENGTH = 65536;
    private static final int MAX_INTEGER_DIGITS = 131072;
    private static final int MAX_FRACTION_DIGITS = 16383;

    private final String what;
    private final String s;
    private int i;

    private JsonInput(String what, String s) {
        this.what = what;
        this.s = s;
    }

    /** The first character of the one value {@code json} holds ({@code '{'} for an object); exit 5 if invalid. */
    static char check(String what, String json) {
        if (json.length() > MAX_LENGTH) {
            throw CtlException.invalid(what + " is longer than " + MAX_LENGTH + " characters");
        }
        JsonInput in = new JsonInput(what, json);
        in.space();
        char first = in.i < json.length() ? json.charAt(in.i) : ' ';
        in.value(1);
        in.space();
        if (in.i != json.length()) {
            throw in.invalid();
        }
        return first;
    }

    private void value(int depth) {
        space();
        if (i >= s.length()) {
            throw invalid();
        }
        char c = s.charAt(i);
        switch (c) {
            case '{', '[' -> container(c, depth);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void container(char open, int depth) {
        if (depth > MAX_DEPTH) {
            throw CtlException.invalid(what + " is nested deeper than " + MAX_DEPTH + " levels");
        }
        char close = open == '{' ? '}' : ']';
        i++;
        space();
        if (accept(close)) {
            return;
        }
        do {
            if (open == '{') {
                space();
                if (i >= s.length() || s.charAt(i) != '"') {
                    throw invalid();
                }
                string();
                space();
                expect(':');
            }
            value(depth + 1);
            space();
        } while (accept(','));
        expect(close);
    }

    private void string() {
        i++; // the opening quote
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                throw invalid(); // JSON wants control characters escaped
            }
            if (Character.isHighSurrogate(c)) {
                if (i >= s.length() || !Character.isLowSurrogate(s.charAt(i))) {
                    throw unpaired();
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw unpaired();
            } else if (c == '\\') {
                escape();
            }
        }
        throw invalid();
    }

    private void escape() {
        if (i >= s.length()) {
            throw invalid();
        }
        char c = s.charAt(i++);
        if ("\"\\/bfnrt".indexOf(c) >= 0) {
            return;
        }
        if (c != 'u') {
            throw invalid();
        }
        int unit = hex4();
        if (unit == 0) {
            throw CtlException.invalid(what + ": \\u0000 cannot be stored (PostgreSQL text has no NUL)");
        }
        if (Character.isHighSurrogate((char) unit)) {
            if (!s.startsWith("\\u", i)) {
                throw unpaired();
            }
            i += 2;
            if (!Character.isLowSurrogate((char) hex4())) {
                throw unpaired();
            }
        } else if (Character.isLowSurrogate((char) unit)) {
            throw unpaired();
        }
    }

    private int hex4() {
        if (i + 4 > s.length()) {
            throw invalid();
        }
        int value = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(s.charAt(i++), 16);
            if (d < 0) {
                throw invalid();
            }
            value = value * 16 + d;
        }
        return value;
    }

    private void number() {
        int start = i;
        accept('-');
        if (accept('0')) {
            // no leading zeros
        } else if (!digits()) {
            throw invalid();
        }
        if (accept('.') && !digits()) {
            throw invalid();
        }
        if ((accept('e') || accept('E'))) {
            if (!accept('+')) {
                accept('-');
            }
            if (!digits()) {
                throw invalid();
            }
        }
        BigDecimal n;
        try {
            n = new BigDecimal(s.substring(start, i));
        } catch (NumberFormatException | ArithmeticException e) {
            throw outOfRange(start); // an exponent beyond int's range
        }
        int fraction = Math.max(n.scale(), 0);
        long integer = n.signum() == 0 ? 1 : (long) n.precision() - n.scale();
        if (fraction > MAX_FRACTION_DIGITS || integer > MAX_INTEGER_DIGITS) {
            throw outOfRange(start);
        }
    }

    private boolean digits() {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i > start;
    }

    private void literal(String word) {
        if (!s.startsWith(word, i)) {
            throw invalid();
        }
        i += word.length();
    }

    private void space() {
        while (i < s.length() && " \t\n\r".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }

    private boolean accept(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw invalid();
        }
    }

    private CtlException invalid() {
        return CtlException.invalid("invalid JSON in " + what);
    }

    private CtlException unpaired() {
        return CtlException.invalid(what + ": an unpaired surrogate (\\ud800-\\udfff) cannot be stored");
    }

    private CtlException outOfRange(int start) {
        String number = s.substring(start, Math.min(i, start + 20)) + (i - start > 20 ? "…" : "");
        return CtlException.invalid(what + ": the number " + number + " is out of PostgreSQL's range");
    }
}
