"""Classbooks: the Chalice app. Thin on purpose: it wires blueprints and event handlers."""
from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics
from chalice import Chalice

from chalicelib.api.health import health

app = Chalice(app_name="classbooks")
logger = Logger(service="classbooks")
metrics = Metrics(namespace="Classbooks", service="classbooks")

app.register_blueprint(health)
