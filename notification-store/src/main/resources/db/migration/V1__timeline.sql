CREATE TABLE notification (
    notification_id uuid PRIMARY KEY,
    recipient_id    varchar(64)   NOT NULL,
    event_id        varchar(200)  NOT NULL,
    type            varchar(100)  NOT NULL,
    priority        varchar(8)    NOT NULL,
    title           varchar(200)  NOT NULL,
    body            varchar(2000),
    link            varchar(2048),
    data            jsonb,
    channels        varchar(32)   NOT NULL,
    group_key       varchar(200),
    source          varchar(255)  NOT NULL,
    created_at      timestamptz   NOT NULL,
    expires_at      timestamptz,
    read_at         timestamptz
);

-- an admin's timeline, newest first
CREATE INDEX notification_timeline ON notification (recipient_id, created_at DESC, notification_id DESC);
