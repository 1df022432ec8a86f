"""Stage `outputs` (internal): see docs/architecture.md."""
