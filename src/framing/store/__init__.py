"""Persistence: the SQLite result store, the incremental batch runner, stored-analysis JSON and progress output."""
