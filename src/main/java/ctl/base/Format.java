package ctl.base;

import java.util.Locale;

/** The output formats of SPEC §2. */
public enum Format {
    TABLE, JSON, JSONL, CSV;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
