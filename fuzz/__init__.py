"""Fuzzing of the block reader, the parser and ``derive`` (see ``fuzz/run.py``)."""
