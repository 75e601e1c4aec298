-- The read side (issue 19): listing, the changes feed, and where the feed stops being exact.
-- Touches only the tourist table's new column, its indexes and trigger, and the table added here, so it
-- applies after V3 and V4 whatever they change. Compatible with the functions already serving: the trigger
-- stamps every write, whichever consumer version makes it.

-- The transaction that last changed the row (insert, update, tombstone). The changes feed is read in
-- (change_xid, tourist_id) order, and only below the oldest transaction still running
-- (pg_snapshot_xmin(pg_current_snapshot())): a transaction that commits late has an id at or above that
-- horizon, so a poller never moves past a change that is not yet visible (docs/clients.md, "The changes feed").
-- Existing rows take this migration's transaction id.
alter table tourist add column change_xid xid8 not null default pg_current_xact_id();

create function tourist_stamp_change() returns trigger language plpgsql as $$
begin
    new.change_xid := pg_current_xact_id();
    return new;
end
$$;

create trigger tourist_stamp_change before insert or update on tourist
    for each row execute function tourist_stamp_change();

create index tourist_change on tourist (change_xid, tourist_id);

-- GET /tourists pages by tourist_id over live tourists, with or without a nationality.
create index tourist_live_by_id on tourist (tourist_id) where not deleted;
create index tourist_live_by_nationality on tourist (nationality, tourist_id) where not deleted;

-- The furthest feed position (change_xid, tourist_id) of a tombstone that pruning deleted. A feed cursor at
-- or before it may have missed that delete: the feed answers 410 and the client lists again. At most one row.
create table tourist_feed_pruned (
    singleton     boolean primary key default true check (singleton),
    through_xid   xid8 not null,
    through_id    uuid not null
);

-- SECURITY DEFINER: whichever role deletes tombstones (the pruner) needs no privilege on this table; the
-- search path is pinned to the one this migration ran with.
create function tourist_note_pruned() returns trigger language plpgsql
    security definer set search_path from current as $$
begin
    insert into tourist_feed_pruned (through_xid, through_id)
    select change_xid, tourist_id from gone order by change_xid desc, tourist_id desc limit 1
    on conflict (singleton) do update set through_xid = excluded.through_xid, through_id = excluded.through_id
        where (tourist_feed_pruned.through_xid, tourist_feed_pruned.through_id)
            < (excluded.through_xid, excluded.through_id);
    return null;
end
$$;

create trigger tourist_note_pruned after delete on tourist
    referencing old table as gone
    for each statement execute function tourist_note_pruned();
