"""Stage `pipeline` (internal): see docs/architecture.md."""
