import sys

from jxreport.cli import main

sys.exit(main())
