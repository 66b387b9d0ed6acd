-- How many times the ledger consumer applied an application's event: exactly once is the goal.
CREATE TABLE ledger (
    country_code NVARCHAR(3) NOT NULL PRIMARY KEY,
    times_applied INT NOT NULL
);
