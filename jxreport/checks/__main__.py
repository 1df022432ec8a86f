"""`python -m jxreport.checks`: print the table of every check (generated from the registry)."""

from jxreport.checks import checks_table

print(checks_table())
