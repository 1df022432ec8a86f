"""Stage `io` (internal): see docs/architecture.md."""
