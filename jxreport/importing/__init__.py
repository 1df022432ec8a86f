"""Read the target documents (Word, Excel, text) into targets.xlsx: `jxreport import`.

Stage: after jxreport.io, before scoring (see tests/test_architecture.py).
"""
