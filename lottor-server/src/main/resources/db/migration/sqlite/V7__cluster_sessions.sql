-- The client sessions of every server sharing this database (GET /api/v1/sessions, ReportConsumption of a
-- session on another server, check-backs of sources no server has a session of). A row is written when a
-- session opens (before its Welcome), refreshed with its server's node heartbeat, and deleted when the
-- session ends; rows of a server that stopped heartbeating are ignored by reads and deleted by the next
-- heartbeat of any server. methods is a JSON array of strings; answers_check_back is 0 or 1. Times are
-- epoch milliseconds.

CREATE TABLE lottor_session (
    session_id         TEXT    NOT NULL PRIMARY KEY,
    server_id          TEXT    NOT NULL,
    service            TEXT    NOT NULL,
    instance_id        TEXT    NOT NULL,
    methods            TEXT    NOT NULL,
    answers_check_back INTEGER NOT NULL,
    max_in_flight      INTEGER NOT NULL,
    in_flight          INTEGER NOT NULL DEFAULT 0,
    remote_address     TEXT,
    connected_at       INTEGER NOT NULL,
    last_heartbeat_at  INTEGER NOT NULL,
    last_seen_at       INTEGER NOT NULL
);

-- a server's heartbeat refreshes and prunes its own rows: server_id = ?
CREATE INDEX lottor_session_server ON lottor_session (server_id);
-- check-back claims: is a session of the group's source answering check-backs anywhere? service = ?
CREATE INDEX lottor_session_service ON lottor_session (service);
