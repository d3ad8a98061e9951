"""The Classbooks CDK app: everything the deployed app needs in one stack (see `stack.py`)."""
