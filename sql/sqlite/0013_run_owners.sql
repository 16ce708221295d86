-- Schema version 13: the process that runs an import, so that a run whose process died (killed, crashed, the machine
-- lost) is found and marked failed whatever a job lock it left behind says, and its job queued again; and when the
-- plausibility check, now a job of its own after the run, recorded its flags.
ALTER TABLE import_runs ADD COLUMN owner_host TEXT NULL;    -- machine name (on Linux with boot id and process namespace): where owner_pid names the process
ALTER TABLE import_runs ADD COLUMN owner_pid INTEGER NULL;
ALTER TABLE import_runs ADD COLUMN owner_start TEXT NULL;   -- the process's start as the system records it: a reused process id has another
ALTER TABLE import_runs ADD COLUMN heartbeat_at TEXT NULL;  -- the owner's latest sign of life while the run lasts (for owners on other machines)
ALTER TABLE import_runs ADD COLUMN job_id TEXT NULL;        -- the job the run ran for, queued again when its process died
ALTER TABLE import_runs ADD COLUMN checked_at TEXT NULL;    -- when the plausibility check recorded its flags
-- Earlier runs were checked during the run.
UPDATE import_runs SET checked_at = finished_at WHERE status = 'Succeeded';
