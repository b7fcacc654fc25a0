package ctl.testing;

import org.jooq.tools.json.ContainerFactory;
import org.jooq.tools.json.JSONParser;
import org.jooq.tools.json.ParseException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What ctl printed as JSON, read back: maps (keys in order), lists, strings, longs, booleans and nulls. */
public final class Json {
    private Json() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Object parse(String text) {
        try {
            return new JSONParser().parse(text, new ContainerFactory() {
                @Override public Map createObjectContainer() { return new LinkedHashMap<>(); }
                @Override public List createArrayContainer() { return new ArrayList<>(); }
            });
        } catch (ParseException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String text) {
        return (Map<String, Object>) parse(text);
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> array(String text) {
        return (List<Map<String, Object>>) parse(text);
    }

    /** A JSON time (ISO-8601, UTC, as ctl prints every time) as an instant. */
    public static Instant time(Object jsonTime) {
        String time = (String) jsonTime;
        if (!time.endsWith("Z")) {
            throw new AssertionError("not a UTC time: " + time);
        }
        return OffsetDateTime.parse(time).toInstant();
    }
}
