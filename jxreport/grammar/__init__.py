"""Stage `grammar` (internal): see docs/architecture.md."""
