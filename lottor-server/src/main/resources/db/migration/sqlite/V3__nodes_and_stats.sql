-- The servers sharing this database (GET /api/v1/nodes), and the indexes of the statistics
-- (GET /api/v1/stats, /metrics). Times are epoch milliseconds.

CREATE TABLE lottor_node (
    server_id    TEXT    NOT NULL PRIMARY KEY,
    host         TEXT    NOT NULL,
    grpc_port    INTEGER NOT NULL,
    http_port    INTEGER NOT NULL,
    version      TEXT    NOT NULL,
    started_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);

-- throughput: groups prepared per bucket, created_at >= ? AND created_at < ?
CREATE INDEX IF NOT EXISTS lottor_group_created ON lottor_group (created_at);
-- oldest prepared group: state = 'PREPARED' ORDER BY created_at LIMIT 1
CREATE INDEX IF NOT EXISTS lottor_group_state_created ON lottor_group (state, created_at);
-- counts by state, and consumed/failed per bucket: state IN (...) AND updated_at >= ? AND updated_at < ?
CREATE INDEX IF NOT EXISTS lottor_message_state_updated ON lottor_message (state, updated_at);
