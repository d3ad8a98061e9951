"""Flask application factory: OAuth + Accounting API + control API over one shared state."""
from __future__ import annotations

import time
import uuid

from flask import Flask, Response, g, request

from . import control, faults, injection, oauth
from .accounting import api
from .accounting.gateway import dropped_response
from .store import SandboxState
from .webhooks import control as webhooks_control


def _is_plain_intuit_path(path: str) -> bool:
    """OAuth/OpenID endpoints: faults apply here via hooks (the API has its own gateway)."""
    return not path.startswith(("/_sandbox", "/v3/"))


def create_app(state: SandboxState | None = None) -> Flask:
    app = Flask("qbo_sandbox")
    app.config["SANDBOX_STATE"] = state or SandboxState()
    app.register_blueprint(oauth.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(control.bp)
    app.register_blueprint(webhooks_control.bp)

    @app.before_request
    def inject_before() -> Response | None:
        if not _is_plain_intuit_path(request.path):
            return None
        st = app.config["SANDBOX_STATE"]
        rule = injection.take(st, None, request.path, request.method, ("status", "hang"))
        if rule and rule["kind"] == "status":
            if rule["status"] == 429:
                return faults.throttled()
            return faults.json_response({"error": "server_error"}, rule["status"])
        if rule and rule["kind"] == "hang":
            time.sleep(rule["seconds"])
        g.drop_rule = injection.take(st, None, request.path, request.method, ("drop",))
        return None

    @app.after_request
    def finish(response: Response) -> Response:
        rule = getattr(g, "drop_rule", None)
        if rule:
            response = dropped_response(rule)
        response.headers.setdefault("intuit_tid", uuid.uuid4().hex)
        return response

    @app.errorhandler(404)
    def not_found(_: Exception) -> Response:
        return faults.json_response({"Fault": {"Error": [{
            "Message": "Not Found", "Detail": f"No resource at {request.path}", "code": "404"}],
            "type": "SERVICE"}, "time": faults.qbo_time()}, 404)

    return app
