"""Stage `samples` (internal): building fiscal years in code — record helpers and synthetic years."""
