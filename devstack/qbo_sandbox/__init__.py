"""A faithful local stand-in for Intuit's OAuth 2.0 server and the QBO Accounting API v3.

Start it with ``start_in_thread()`` (tests) or ``python -m devstack.qbo_sandbox`` (CLI).
See docs/qbo-sandbox.md.
"""
from .app import create_app
from .server import start_in_thread
from .store import SandboxState

__all__ = ["SandboxState", "create_app", "start_in_thread"]
