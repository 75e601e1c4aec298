-- Rejections are pruned by when they were recorded (rejected_at), no longer by the write's occurredAt: a
-- "too-old" rejection is, by definition, of a write older than the window, and was pruned at the next hourly
-- run, so its status turned from "rejected" to "pending". This index serves that prune.
-- Expand only: write_rejection_expiry stays while functions of the previous version (which prune by
-- coalesce(occurred_at, rejected_at)) may still run; a later migration can drop it.
create index write_rejection_rejected_at on write_rejection (rejected_at);

-- applied_write.occurred_at now holds the latest occurredAt seen for the writeId: a keyed retry (same writeId,
-- later stamp) that arrives while the claim is kept moves it forward, in the batch's one statement, so the
-- claim is pruned only once that retry is too old to apply too. No schema change: the column's meaning widens.
comment on column applied_write.occurred_at is
    'latest occurredAt seen for this writeId (first copy or a later retry); pruning goes by it';
