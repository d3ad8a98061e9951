"""The pure core of Classbooks: no boto3, no HTTP, no I/O and no clock of its own.

Everything here is a function of its arguments ("now" is passed in), so a sync can be planned,
previewed and replayed with the same result.
"""
