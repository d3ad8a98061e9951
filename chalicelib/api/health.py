"""`/health`: is the service up and can it reach its tables?"""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.bootstrap import container

health = Blueprint(__name__)


@health.route("/health", methods=["GET"], authorizer=None)
def get_health() -> Response:
    try:
        reachable = container().tenants().reachable()
    except Exception as exc:  # any failure to reach DynamoDB is "unhealthy"
        return Response({"status": "unhealthy", "dynamodb": type(exc).__name__}, status_code=503)
    if not reachable:
        return Response({"status": "unhealthy", "dynamodb": "tenants table missing"}, status_code=503)
    return Response({"status": "ok", "dynamodb": "ok"}, status_code=200)
