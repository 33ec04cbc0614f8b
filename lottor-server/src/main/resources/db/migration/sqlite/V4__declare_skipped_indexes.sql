-- V3 created its indexes with IF NOT EXISTS under names V2 had already used, so two of its statements
-- did nothing and the schema is not what V3 reads as:
--   lottor_message_state_updated: V3 meant (state, updated_at), which is exactly V2's index; nothing lost.
--   lottor_group_created: V3 meant (created_at) for the throughput buckets; what exists is V2's
--   (created_at, group_id). Its leading column serves the buckets' range as well as (created_at) would,
--   and the group_id column also serves the groups page's keyset, so a second index would only slow writes.
-- This migration declares lottor_group_created as what it is, so the migrations say what the database
-- holds. From here on, indexes are created without IF NOT EXISTS: a reused name fails the migration
-- instead of being skipped (SqliteIndexesTest checks both the declarations and the query plans).
DROP INDEX lottor_group_created;
CREATE INDEX lottor_group_created ON lottor_group (created_at, group_id);
