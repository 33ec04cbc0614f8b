-- The servers sharing this database (GET /api/v1/nodes), and the indexes of the statistics
-- (GET /api/v1/stats, /metrics). MySQL / MariaDB; as sqlite/V3. Times are epoch milliseconds.

CREATE TABLE lottor_node (
    server_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    host         VARCHAR(255) NOT NULL,
    grpc_port    INT          NOT NULL,
    http_port    INT          NOT NULL,
    version      VARCHAR(64)  NOT NULL,
    started_at   BIGINT       NOT NULL,
    last_seen_at BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- throughput (groups prepared per bucket, created_at >= ? AND created_at < ?) uses lottor_group_created
-- of V2, and counts by state and consumed/failed per bucket use lottor_message_state_updated of V2:
-- sqlite/V3 names them again with IF NOT EXISTS, which changes nothing (and MySQL has no
-- CREATE INDEX IF NOT EXISTS).
-- oldest prepared group: state = 'PREPARED' ORDER BY created_at LIMIT 1
CREATE INDEX lottor_group_state_created ON lottor_group (state, created_at);
