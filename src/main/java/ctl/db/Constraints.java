package ctl.db;

import org.jooq.exception.DataAccessException;

import java.sql.SQLException;
import java.util.Map;

/**
 * Operator-facing words for the schema's constraints. Tasks check first and say it better;
 * this is the safety net for a row that changed between the check and the write.
 */
final class Constraints {
    private static final Map<String, String> MESSAGES = Map.ofEntries(
            Map.entry("users_nickname_lower_key", "nickname is taken"),
            Map.entry("users_email_lower_key", "email is taken"),
            Map.entry("users_local_nickname", "invalid nickname: use 1-64 letters, digits, _, . or -"),
            Map.entry("users_email_shape", "invalid email"),
            Map.entry("users_name_length", "name is longer than 100 characters"),
            Map.entry("users_bio_length", "bio is longer than 5000 characters"),
            Map.entry("users_tags_valid", "tags must be lower-case, non-empty and unique"),
            Map.entry("users_metadata_object", "metadata must be a JSON object"),
            Map.entry("groups_name_lower_key", "group name is taken"),
            Map.entry("invites_token_key", "invite token is taken"));

    private Constraints() {}

    static String describe(DataAccessException e) {
        String detail = e.getCause() instanceof SQLException s ? s.getMessage() : e.getMessage();
        if (e.getCause() instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
            String constraint = p.getServerErrorMessage().getConstraint();
            if (constraint != null && MESSAGES.containsKey(constraint)) {
                return MESSAGES.get(constraint);
            }
            detail = p.getServerErrorMessage().getMessage();
        }
        return "invalid data: " + detail;
    }
}
