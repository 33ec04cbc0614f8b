-- The client sessions of every server sharing this database (PostgreSQL; as sqlite/V7): written when a
-- session opens (before its Welcome), refreshed with its server's node heartbeat, deleted when the session
-- ends; rows of a server that stopped heartbeating are ignored by reads and deleted by the next heartbeat
-- of any server. methods is a JSON array of strings; answers_check_back is 0 or 1. Times are epoch
-- milliseconds.

CREATE TABLE lottor_session (
    session_id         VARCHAR(64)  COLLATE "C" NOT NULL PRIMARY KEY,
    server_id          VARCHAR(64)  COLLATE "C" NOT NULL,
    service            VARCHAR(128) NOT NULL,
    instance_id        VARCHAR(128) NOT NULL,
    methods            TEXT         NOT NULL,
    answers_check_back INTEGER      NOT NULL,
    max_in_flight      INTEGER      NOT NULL,
    in_flight          INTEGER      NOT NULL DEFAULT 0,
    remote_address     VARCHAR(255),
    connected_at       BIGINT       NOT NULL,
    last_heartbeat_at  BIGINT       NOT NULL,
    last_seen_at       BIGINT       NOT NULL
);

-- a server's heartbeat refreshes and prunes its own rows: server_id = ?
CREATE INDEX lottor_session_server ON lottor_session (server_id);
-- check-back claims: is a session of the group's source answering check-backs anywhere? service = ?
CREATE INDEX lottor_session_service ON lottor_session (service);
