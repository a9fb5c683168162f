-- The admin app's FCM registration tokens, one row per device.
CREATE TABLE device (
    token        varchar(4096) PRIMARY KEY,
    admin_id     varchar(64)   NOT NULL,
    platform     varchar(8)    NOT NULL CHECK (platform IN ('ANDROID', 'IOS', 'WEB')),
    app_version  varchar(32),
    locale       varchar(35),
    created_at   timestamptz   NOT NULL DEFAULT now(),
    last_seen_at timestamptz   NOT NULL DEFAULT now()
);

CREATE INDEX device_admin ON device (admin_id);
