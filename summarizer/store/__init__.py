"""Store: the SQLite file of nightly runs (``sqlite``) and its numbered migrations."""
