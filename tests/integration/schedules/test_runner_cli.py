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

UTC = dt.UTC
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
    assert (run.trigger, run.status, run.started_at) == (
        "daily", "succeeded", dt.datetime(2026, 11, 26, 5, 31, tzinfo=UTC))


def _post(url: str, body: dict) -> tuple[int, dict]:  # type: ignore[type-arg]
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


@pytest.fixture
def control():
    clock, moved = ManualClock(dt.datetime(2026, 11, 25, 18, 0, tzinfo=UTC)), []
    port = free_port()
    server = serve(clock, port, lambda: moved.append(clock()))
    yield clock, moved, f"http://127.0.0.1:{port}/clock"
    server.shutdown()


def test_the_control_endpoint_jumps_the_clock_to_the_next_2331_local_and_ticks(control) -> None:
    clock, moved, url = control
    status, _body = _post(url, {"time": "23:31", "tz": "America/Chicago"})
    tonight = dt.datetime(2026, 11, 25, 23, 31, tzinfo=CHICAGO)
    assert status == 200 and clock() == tonight and moved == [tonight]
    with urllib.request.urlopen(url, timeout=10) as answer:
        assert dt.datetime.fromisoformat(json.loads(answer.read())["now"]) == tonight


def test_the_control_endpoint_jumps_to_an_exact_time_but_never_backwards(control) -> None:
    clock, moved, url = control
    assert _post(url, {"now": "2026-11-26T05:31:30Z"})[0] == 200
    status, _body = _post(url, {"now": "2026-11-25T00:00:00Z"})
    assert status == 400 and clock() == dt.datetime(2026, 11, 26, 5, 31, 30, tzinfo=UTC) and len(moved) == 1


def test_the_control_endpoint_answers_what_the_jump_fired(config: Config) -> None:
    clock = ManualClock(dt.datetime(2026, 11, 25, 18, 0, tzinfo=UTC))
    port = free_port()
    server = serve(clock, port, lambda: ["sync-studio for Nov 25, 2026, 11:31 PM CST → the sync queue and the worker"])
    try:
        status, body = _post(f"http://127.0.0.1:{port}/clock", {"time": "23:31", "tz": "America/Chicago"})
    finally:
        server.shutdown()
    assert status == 200
    assert body["fired"] == ["sync-studio for Nov 25, 2026, 11:31 PM CST → the sync queue and the worker"]


def test_a_shifted_clock_goes_back_to_real_time_on_reset() -> None:
    from devstack.clock import ShiftedClock
    clock = ShiftedClock(wall=lambda: 1_000_000.0)
    clock.set(dt.datetime.fromtimestamp(1_000_000.0 + 3600, UTC))
    port = free_port()
    reset = []
    server = serve(clock, port, list, lambda: reset.append(True))
    try:
        status, _body = _post(f"http://127.0.0.1:{port}/clock", {"reset": True})
    finally:
        server.shutdown()
    assert status == 200 and clock() == dt.datetime.fromtimestamp(1_000_000.0, UTC) and reset == [True]


def test_a_manual_clock_cannot_be_reset_and_says_so(control) -> None:
    _clock, _moved, url = control
    status, body = _post(url, {"reset": True})
    assert status == 400 and "cannot go back" in body["message"]


def test_the_jump_cli_says_what_it_fired_and_how_to_go_back(monkeypatch, capsys) -> None:
    from devstack.clock import ShiftedClock
    clock = ShiftedClock()
    port = free_port()
    server = serve(clock, port, lambda: ["sync-studio for Nov 25, 2026, 11:31 PM CST → the sync queue and the worker"])
    try:
        code = main(["--jump-to", "23:31", "--tz", "America/Chicago", "--control", f"http://127.0.0.1:{port}"])
    finally:
        server.shutdown()
    out = capsys.readouterr().out
    assert code == 0
    assert "runner clock moved to" in out and "(America/Chicago)" in out
    assert "fired:\n  sync-studio for Nov 25, 2026, 11:31 PM CST" in out
    assert "back to real time: .venv/bin/python -m devstack.runner --reset-clock" in out


def test_the_loops_wording_of_a_fire_names_the_night_in_the_studios_zone() -> None:
    from devstack.runner.__main__ import describe
    from devstack.runner.scheduler import Delivery, Fired
    night = dt.datetime(2026, 11, 26, 5, 31, tzinfo=UTC)
    fired = [Fired(Delivery("sync-demo-studio", "arn", {}, night, night, "e1"), "{}", "m1")]
    assert describe(fired, "America/Chicago") == [
        "sync-demo-studio for Nov 25, 2026, 11:31 PM CST → the sync queue and the worker"]
