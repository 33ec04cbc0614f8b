-- sqlite/V4 declares what SQLite's V3 skipped (indexes named again with IF NOT EXISTS). This dialect's
-- V2 and V3 already create exactly the indexes that sqlite/V4 ends with (lottor_group_created on
-- (created_at, group_id), lottor_message_state_updated on (state, updated_at)), so there is nothing to
-- change; the version is kept so every dialect's migrations carry the same numbers.
SELECT 1;
