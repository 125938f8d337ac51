-- The server delivers the outbox itself (src/delivery): a message is pending, sent (the gateway
-- took it), delivered or undelivered (the gateway's receipt), or dead (given up after the
-- configured number of tries). A worker leases what it sends until lease_until, so two workers
-- or two servers never send one message; a failed try waits until next_attempt_at.
ALTER TABLE outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;
ALTER TABLE outbox ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN lease_until TEXT;
ALTER TABLE outbox ADD COLUMN receipt_at TEXT;
UPDATE outbox SET state = 'sent' WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
-- The language the family chose for messages: kk, ru or en ('' : the server's default).
ALTER TABLE inquiries ADD COLUMN language TEXT NOT NULL DEFAULT '';
