-- Schema version 7: local accounts, API tokens, audit log.

CREATE TABLE dbo.users (
    id            INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    user_name     NVARCHAR(100)  NOT NULL,
    display_name  NVARCHAR(200)  NOT NULL,
    role          NVARCHAR(20)   NOT NULL CONSTRAINT ck_users_role CHECK (role IN (N'Viewer', N'Editor', N'Analyst', N'Admin')),
    password_hash NVARCHAR(400)  NOT NULL,
    disabled      BIT            NOT NULL CONSTRAINT df_users_disabled DEFAULT (0),
    created_at    DATETIME2(3)   NOT NULL
);
-- The default collation is case-insensitive, as SQLite's NOCASE index is.
CREATE UNIQUE INDEX ux_users_name ON dbo.users (user_name);

CREATE TABLE dbo.api_tokens (
    id          INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_api_tokens PRIMARY KEY,
    user_id     INT            NOT NULL CONSTRAINT fk_api_tokens_user REFERENCES dbo.users (id),
    name        NVARCHAR(200)  NOT NULL,
    token_hash  VARCHAR(64)    NOT NULL CONSTRAINT ux_api_tokens_hash UNIQUE,
    created_at  DATETIME2(3)   NOT NULL,
    expires_at  DATETIME2(3)   NULL,
    revoked_at  DATETIME2(3)   NULL
);
CREATE INDEX ix_api_tokens_user ON dbo.api_tokens (user_id);

CREATE TABLE dbo.audit_log (
    id          BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_audit_log PRIMARY KEY,
    at          DATETIME2(3)   NOT NULL,
    user_name   NVARCHAR(100)  NOT NULL,
    action      NVARCHAR(50)   NOT NULL,
    entity      NVARCHAR(50)   NOT NULL,
    entity_key  NVARCHAR(200)  NOT NULL,
    before_json NVARCHAR(MAX)  NULL,
    after_json  NVARCHAR(MAX)  NULL
);
CREATE INDEX ix_audit_log_entity ON dbo.audit_log (entity, entity_key);
CREATE INDEX ix_audit_log_at ON dbo.audit_log (at);
