"""`python -m jxreport.checks`: print the table of every check (generated from the registry)."""

from . import checks_table

print(checks_table())
