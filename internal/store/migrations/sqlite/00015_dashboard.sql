-- +goose Up
-- The dashboard's income bands (package report) read the latest income of
-- each monitored household from this index alone: one probe per household,
-- without the table's row (measured on the scale-24 demo city: 110–210 ms
-- with the primary key, 15–70 ms with this index).
CREATE INDEX household_incomes_latest ON household_incomes (household_id, year, per_capita_fen);

-- +goose Down
DROP INDEX household_incomes_latest;
