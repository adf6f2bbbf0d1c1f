-- +goose Up
-- the secret, revocable token of each village's QR code (一键报贫)
CREATE TABLE village_tokens (
    token       TEXT PRIMARY KEY,
    region_code TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
CREATE INDEX village_tokens_region ON village_tokens (region_code);

-- what a farmer submitted through the public form, stored before the
-- receipt is shown
CREATE TABLE self_reports (
    id            INTEGER PRIMARY KEY,
    receipt       TEXT NOT NULL UNIQUE,
    region_code   TEXT NOT NULL,
    head_name     TEXT NOT NULL,
    id_enc        BLOB NOT NULL,
    id_idx        TEXT NOT NULL,
    id_masked     TEXT NOT NULL,
    phone_enc     BLOB NOT NULL,
    phone_idx     TEXT NOT NULL,
    phone_masked  TEXT NOT NULL,
    risk_types    TEXT NOT NULL,
    description   TEXT NOT NULL,
    consent       INTEGER NOT NULL,
    consent_text  TEXT NOT NULL,
    photos        INTEGER NOT NULL DEFAULT 0, -- files under DATA/reports/RECEIPT/
    case_id       INTEGER, -- the case the report opened or was added to
    due_by        TEXT NOT NULL DEFAULT '',
    objection     TEXT NOT NULL DEFAULT '',
    objected_at   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX self_reports_region ON self_reports (region_code, created_at);
CREATE INDEX self_reports_id_idx ON self_reports (id_idx);

-- +goose Down
DROP TABLE self_reports;
DROP TABLE village_tokens;
