-- The write's own occurredAt on each applied write, so that a record is pruned only once the write is
-- older than the retention window (WRITE_RETENTION_DAYS): the consumer refuses such a write ("too-old"),
-- so it can never be applied again. Rows from before this migration have none: pruning counts them as
-- occurred at most 5 minutes after applied_at (the consumer refuses an occurredAt further ahead than that).
alter table applied_write add column occurred_at timestamptz;
create index applied_write_occurred_at on applied_write (occurred_at);

-- Writes the consumer refused and parked on the dead-letter queue, when the message still said which write
-- and which tourist it was: the write's status reads "rejected" with the reason and the field errors.
-- A later redrive that applies the write makes its status "applied" (applied_write wins).
create table write_rejection (
    write_id    uuid        primary key,
    tourist_id  uuid        not null,
    -- null when the message's occurredAt could not be read; pruning then goes by rejected_at
    occurred_at timestamptz,
    reason      text        not null,
    -- [{"field": ..., "code": ..., "message": ...}], as the API's problem bodies list them
    errors      jsonb       not null default '[]',
    rejected_at timestamptz not null default now()
);
create index write_rejection_expiry on write_rejection ((coalesce(occurred_at, rejected_at)));

-- Tombstones are pruned by their version's time, like the writes.
create index tourist_tombstone_version_at on tourist (version_at) where deleted;
