CREATE TABLE export (
    id           text PRIMARY KEY,
    requested_by text NOT NULL,
    file_name    text NOT NULL,
    status       text NOT NULL,
    row_count    integer,
    completed_at timestamptz
);
