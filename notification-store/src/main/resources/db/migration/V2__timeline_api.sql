-- Paging order: the order rows were stored in. A new row always sorts above every cursor handed out before it,
-- so paging down never skips or repeats an item while notifications keep arriving.
ALTER TABLE notification ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
-- a deleted notification stays as a tombstone until retention purges it, so a redelivery cannot bring it back
ALTER TABLE notification ADD COLUMN deleted_at timestamptz;
ALTER TABLE notification ADD COLUMN digest jsonb;

DROP INDEX notification_timeline;
CREATE INDEX notification_timeline ON notification (recipient_id, seq DESC);
CREATE INDEX notification_unread ON notification (recipient_id, seq DESC) WHERE read_at IS NULL AND deleted_at IS NULL;
-- unread notifications that expire, subtracted from the counter once expired
CREATE INDEX notification_expiring ON notification (recipient_id, expires_at)
    WHERE expires_at IS NOT NULL AND read_at IS NULL AND deleted_at IS NULL;
-- retention
CREATE INDEX notification_created ON notification (created_at);

-- Unread notifications per admin, kept by triggers on every insert, read and delete: reading the badge costs one
-- row however long the timeline is.
CREATE TABLE unread_count (
    recipient_id varchar(64) PRIMARY KEY,
    unread       bigint      NOT NULL
);

INSERT INTO unread_count (recipient_id, unread)
SELECT recipient_id, count(*) FROM notification WHERE read_at IS NULL GROUP BY recipient_id;

-- SET search_path FROM CURRENT: the function finds unread_count in this schema whoever writes to the table
CREATE FUNCTION count_unread() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO unread_count (recipient_id, unread)
        SELECT recipient_id, count(*) FROM new_rows WHERE read_at IS NULL AND deleted_at IS NULL
        GROUP BY recipient_id ORDER BY recipient_id
        ON CONFLICT (recipient_id) DO UPDATE SET unread = unread_count.unread + EXCLUDED.unread;
    ELSIF TG_OP = 'UPDATE' THEN
        -- rows that stopped being unread (read or deleted); in one order, so that concurrent statements lock the
        -- counters in the same order
        UPDATE unread_count SET unread = unread_count.unread - gone.n
        FROM (SELECT o.recipient_id, count(*) AS n
              FROM old_rows o JOIN new_rows r ON r.notification_id = o.notification_id
              WHERE o.read_at IS NULL AND o.deleted_at IS NULL AND (r.read_at IS NOT NULL OR r.deleted_at IS NOT NULL)
              GROUP BY o.recipient_id ORDER BY o.recipient_id) gone
        WHERE unread_count.recipient_id = gone.recipient_id;
    ELSE
        UPDATE unread_count SET unread = unread_count.unread - gone.n
        FROM (SELECT recipient_id, count(*) AS n FROM old_rows WHERE read_at IS NULL AND deleted_at IS NULL
              GROUP BY recipient_id ORDER BY recipient_id) gone
        WHERE unread_count.recipient_id = gone.recipient_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER notification_unread_insert AFTER INSERT ON notification
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_unread();
CREATE TRIGGER notification_unread_update AFTER UPDATE ON notification
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_unread();
CREATE TRIGGER notification_unread_delete AFTER DELETE ON notification
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_unread();

-- An admin's preferences, as the router reads them from notification.preferences.v1
CREATE TABLE preferences (
    admin_id   varchar(64) PRIMARY KEY,
    muted      jsonb       NOT NULL,
    channels   jsonb       NOT NULL,
    updated_at timestamptz NOT NULL
);
