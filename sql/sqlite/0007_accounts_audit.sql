-- Schema version 7: local accounts, API tokens, audit log.

-- Local accounts of the embedded default; with OpenID Connect, users sign in at the municipality's identity provider
-- and have no row here. password_hash is ASP.NET Core Identity's PBKDF2 format; there is never a default password.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    user_name     TEXT    NOT NULL,
    display_name  TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('Viewer','Editor','Analyst','Admin')),
    password_hash TEXT    NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_users_name ON users (user_name COLLATE NOCASE);

-- Tokens for scripts: only a SHA-256 of the token is kept; the token itself is shown once.
CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    name        TEXT    NOT NULL,
    token_hash  TEXT    NOT NULL UNIQUE,
    created_at  TEXT    NOT NULL,
    expires_at  TEXT    NULL,
    revoked_at  TEXT    NULL
);
CREATE INDEX ix_api_tokens_user ON api_tokens (user_id);

-- Who changed which source, indicator, goal or user, and when, with the state before and after (JSON).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    user_name   TEXT    NOT NULL,
    action      TEXT    NOT NULL,            -- e.g. source.create, indicator.update, goal.delete, user.update
    entity      TEXT    NOT NULL,
    entity_key  TEXT    NOT NULL,
    before_json TEXT    NULL,
    after_json  TEXT    NULL
);
CREATE INDEX ix_audit_log_entity ON audit_log (entity, entity_key);
CREATE INDEX ix_audit_log_at ON audit_log (at);
