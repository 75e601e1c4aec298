-- A tourist row is the latest write to that tourist: an upsert, or a tombstone (deleted = true) so that an
-- older upsert arriving late cannot bring a deleted tourist back. (version_at, version_write_id) is the
-- write's version; a write is applied only if its version is greater (last writer wins).
create table tourist (
    tourist_id       uuid primary key,
    first_name       text,
    last_name        text,
    email            text,
    nationality      text,
    date_of_birth    date,
    passport_number  text,
    deleted          boolean     not null,
    version_at       timestamptz not null,
    version_write_id uuid        not null,
    updated_at       timestamptz not null default now(),
    constraint tourist_live_fields check (
        deleted or (first_name is not null and last_name is not null and email is not null
                    and nationality is not null and date_of_birth is not null)),
    constraint tourist_nationality check (nationality is null or char_length(nationality) = 2)
);

-- Every writeId the consumer has seen, claimed in the same statement that applies the write: a
-- redelivered message, a retried POST or a redriven dead letter finds its writeId here and changes nothing.
create table applied_write (
    write_id   uuid        primary key,
    tourist_id uuid        not null,
    applied_at timestamptz not null default now()
);

create index applied_write_applied_at on applied_write (applied_at);
