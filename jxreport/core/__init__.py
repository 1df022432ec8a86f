"""Stage `core` (internal): see docs/architecture.md."""
