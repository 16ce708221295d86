-- Schema version 12: sign-in sessions kept on the server, the accounts' security stamp, and sign-in throttling.

-- Changes whenever an account's role, password or lock state changes; a session signed in under another stamp ends.
ALTER TABLE users ADD COLUMN security_stamp TEXT NOT NULL DEFAULT '';
UPDATE users SET security_stamp = lower(hex(randomblob(16)));

-- One row per sign-in (local accounts and identity-provider users alike). The cookie carries a random session id;
-- only its SHA-256 is kept. Signing out, an account change or the absolute lifetime ends the session for every copy of
-- the cookie.
CREATE TABLE user_sessions (
    id             TEXT    NOT NULL PRIMARY KEY,
    user_id        INTEGER NULL REFERENCES users (id),
    user_name      TEXT    NOT NULL,
    security_stamp TEXT    NULL,
    created_at     TEXT    NOT NULL,
    expires_at     TEXT    NOT NULL,
    ended_at       TEXT    NULL,
    ended_reason   TEXT    NULL
) WITHOUT ROWID;
CREATE INDEX ix_user_sessions_user ON user_sessions (user_id);

-- Failed sign-ins per account ('account:<name in lower case>') and per address ('address:<ip>'): the wait before the
-- next attempt grows with each failure, and enough failures lock the account for a while (an administrator can lift it).
-- failures counts every attempt until it succeeds, so parallel guesses are counted too.
CREATE TABLE sign_in_throttle (
    subject         TEXT    NOT NULL PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at TEXT    NOT NULL,
    blocked_until   TEXT    NULL,
    locked          INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1))
) WITHOUT ROWID;
