"""The runner's command line and the loop's control endpoint (how the demo jumps to 11:31 PM)."""
from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from zoneinfo import ZoneInfo

import pytest

from chalicelib import bootstrap
from chalicelib.aws.clients import client
from chalicelib.aws.schedules import schedule_request
from chalicelib.config import Config
from chalicelib.store.models import build_models
from devstack.clock import ManualClock
from devstack.processes import free_port
from devstack.runner.__main__ import main
from devstack.runner.control import serve

UTC = dt.timezone.utc
CHICAGO = ZoneInfo("America/Chicago")


def test_the_one_shot_cli_fires_tonights_schedule_into_the_real_worker(config: Config, monkeypatch, capsys) -> None:
    for name, value in config.to_env().items():
        monkeypatch.setenv(name, value)
    now = dt.datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
    build_models(config).Tenant("studio", name="Studio", timezone="America/Chicago", created_at=now,
                                connection_status="connected", realm_id="r1", plan="Plus",
                                go_live_date="2026-01-01", schedule="daily").save()
    client(config, "scheduler").create_schedule(**schedule_request(config, "studio", "America/Chicago"))
    try:
        code = main(["--advance-to", "2026-11-25T23:32", "--tz", "America/Chicago", "--since", "2026-11-25T12:00"])
    finally:
        bootstrap.install(None)
    assert code == 0
    assert "fired sync-studio for 2026-11-26T05:31:00Z" in capsys.readouterr().out
    [run] = list(build_models(config).Run.query("studio"))
    assert (run.trigger, run.status, run.started_at) == ("daily", "succeeded", dt.datetime(2026, 11, 26, 5, 31, tzinfo=UTC))


def _post(url: str, body: dict) -> tuple[int, dict]:  # type: ignore[type-arg]
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


@pytest.fixture
def control():  # noqa: ANN201
    clock, moved = ManualClock(dt.datetime(2026, 11, 25, 18, 0, tzinfo=UTC)), []
    port = free_port()
    server = serve(clock, port, lambda: moved.append(clock()))
    yield clock, moved, f"http://127.0.0.1:{port}/clock"
    server.shutdown()


def test_the_control_endpoint_jumps_the_clock_to_the_next_2331_local_and_ticks(control) -> None:
    clock, moved, url = control
    status, body = _post(url, {"time": "23:31", "tz": "America/Chicago"})
    tonight = dt.datetime(2026, 11, 25, 23, 31, tzinfo=CHICAGO)
    assert status == 200 and clock() == tonight and moved == [tonight]
    with urllib.request.urlopen(url, timeout=10) as answer:
        assert dt.datetime.fromisoformat(json.loads(answer.read())["now"]) == tonight


def test_the_control_endpoint_jumps_to_an_exact_time_but_never_backwards(control) -> None:
    clock, moved, url = control
    assert _post(url, {"now": "2026-11-26T05:31:30Z"})[0] == 200
    status, body = _post(url, {"now": "2026-11-25T00:00:00Z"})
    assert status == 400 and clock() == dt.datetime(2026, 11, 26, 5, 31, 30, tzinfo=UTC) and len(moved) == 1
