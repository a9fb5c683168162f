-- One row per notification and device pushed to: what a redelivered notification must not push again
-- (SENT), what waits to be tried again (RETRY, with what to send and where it came from), and what was
-- given up on (FAILED: pushed again only if the notification is replayed). Rows older than
-- notify.mobile.sending.idempotency-window are pruned, except those still waiting.
CREATE TABLE push (
    notification_id uuid          NOT NULL,
    token           varchar(4096) NOT NULL,
    recipient_id    varchar(64)   NOT NULL,
    state           varchar(8)    NOT NULL CHECK (state IN ('SENT', 'RETRY', 'FAILED')),
    attempts        int           NOT NULL,
    last_error      varchar(64),
    due_at          timestamptz,
    event           bytea,
    topic           varchar(249),
    kafka_partition int,
    kafka_offset    bigint,
    updated_at      timestamptz   NOT NULL,
    PRIMARY KEY (notification_id, token)
);

CREATE INDEX push_due ON push (due_at) WHERE state = 'RETRY';
CREATE INDEX push_updated ON push (updated_at);
