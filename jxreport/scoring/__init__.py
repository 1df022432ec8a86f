"""Stage `scoring` (internal): see docs/architecture.md."""
