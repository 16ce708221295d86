-- Schema version 13: the process that runs an import, so that a run whose process died (killed, crashed, the machine
-- lost) is found and marked failed whatever a job lock it left behind says, and its job queued again; and when the
-- plausibility check, now a job of its own after the run, recorded its flags.

ALTER TABLE dbo.import_runs ADD
    owner_host   NVARCHAR(400) NULL,  -- machine name (on Linux with boot id and process namespace): where owner_pid names the process
    owner_pid    INT           NULL,
    owner_start  VARCHAR(40)   NULL,  -- the process's start as the system records it: a reused process id has another
    heartbeat_at DATETIME2(3)  NULL,  -- the owner's latest sign of life while the run lasts (for owners on other machines)
    job_id       NVARCHAR(100) NULL,  -- the job the run ran for, queued again when its process died
    checked_at   DATETIME2(3)  NULL;  -- when the plausibility check recorded its flags
GO
-- Earlier runs were checked during the run.
UPDATE dbo.import_runs SET checked_at = finished_at WHERE status = N'Succeeded';
