-- Schema version 12: sign-in sessions kept on the server, the accounts' security stamp, and sign-in throttling.

ALTER TABLE dbo.users ADD security_stamp VARCHAR(32) NOT NULL CONSTRAINT df_users_security_stamp DEFAULT ('');
GO
UPDATE dbo.users SET security_stamp = LOWER(CONVERT(VARCHAR(32), CRYPT_GEN_RANDOM(16), 2));

CREATE TABLE dbo.user_sessions (
    id             VARCHAR(64)    NOT NULL CONSTRAINT pk_user_sessions PRIMARY KEY,
    user_id        INT            NULL CONSTRAINT fk_user_sessions_user REFERENCES dbo.users (id),
    user_name      NVARCHAR(200)  NOT NULL,
    security_stamp VARCHAR(32)    NULL,
    created_at     DATETIME2(3)   NOT NULL,
    expires_at     DATETIME2(3)   NOT NULL,
    ended_at       DATETIME2(3)   NULL,
    ended_reason   NVARCHAR(100)  NULL
);
CREATE INDEX ix_user_sessions_user ON dbo.user_sessions (user_id);

CREATE TABLE dbo.sign_in_throttle (
    subject         NVARCHAR(300) NOT NULL CONSTRAINT pk_sign_in_throttle PRIMARY KEY,
    failures        INT           NOT NULL,
    last_failure_at DATETIME2(3)  NOT NULL,
    blocked_until   DATETIME2(3)  NULL,
    locked          BIT           NOT NULL CONSTRAINT df_sign_in_throttle_locked DEFAULT (0)
);
