"""Stage `sections` (internal): see docs/architecture.md."""
