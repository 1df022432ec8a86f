"""Stage `report` (internal): see docs/architecture.md."""
