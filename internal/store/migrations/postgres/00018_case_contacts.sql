-- +goose Up
-- the self-report of a case, for its contact (selfreport.Contacts)
CREATE INDEX self_reports_case ON self_reports (case_id);

-- +goose Down
DROP INDEX self_reports_case;
