-- Events written in the transaction of the change they tell of, and relayed to Kafka after it commits, in id
-- order: a change is never committed without its event, and no event tells of a change that was rolled back.
CREATE TABLE outbox (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    binding     varchar(64)  NOT NULL,
    message_key varchar(64)  NOT NULL,
    event_id    uuid         NOT NULL,
    event_type  varchar(100) NOT NULL,
    -- RFC 3339, as the ce_time header carries it
    event_time  varchar(40)  NOT NULL,
    payload     text         NOT NULL
);
