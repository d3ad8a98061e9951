"""`/health` tells whether the app can reach DynamoDB."""
from __future__ import annotations


def test_health_is_ok_when_dynamodb_answers(api) -> None:
    response = api.http.get("/health")
    assert response.status_code == 200
    assert response.json_body == {"status": "ok", "dynamodb": "ok"}


def test_health_is_unhealthy_when_the_tables_are_missing(api, container) -> None:
    container.models.Tenant.delete_table()
    response = api.http.get("/health")
    assert response.status_code == 503
