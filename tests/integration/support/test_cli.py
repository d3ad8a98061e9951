"""`classbooks support list|show|audit` against the app served over real HTTP in a thread (`served_app`)."""
from __future__ import annotations

import json
import re

import pytest

from chalicelib.cli.__main__ import main
from tests.integration.support.conftest import token


@pytest.fixture
def support(served_app, container, capsys):
    """Runs `classbooks support ...` with --api and --token; returns (exit status, stdout, stderr)."""
    jwt = token(container, user="cli-user")

    def run(*args: str) -> tuple[int, str, str]:
        status = main(["support", *args, "--api", served_app, "--token", jwt])
        out, err = capsys.readouterr()
        assert jwt not in out + err
        return status, out, err

    return run


def test_list_prints_an_aligned_table_of_tenants(support, studios):
    status, out, _ = support("list", "--timezone", "America/Chicago")
    lines = out.splitlines()
    assert status == 0 and lines[0].split() == ["TENANT", "STATUS", "PLAN", "TIME", "ZONE", "SCHEDULE", "LAST",
                                                 "RUN", "NEXT", "RUN"]
    rows = {line.split()[0]: line.split()[1] for line in lines[2:]}
    assert rows == {"lakeside-swim": "healthy", "prairie-gym": "skipped_last_night", "river-swim": "never_synced",
                    "maple-dance": "not_connected"}
    column = lines[0].index("STATUS")
    assert all(line[column - 2:column] == "  " and line[column] != " " for line in lines[1:])


def test_list_json_is_the_apis_json(support, studios):
    status, out, _ = support("list", "--status", "failing", "--json")
    assert status == 0
    assert [t["tenant_id"] for t in json.loads(out)["tenants"]] == ["harbor-dance"]


def test_list_all_follows_every_page(support, studios):
    status, out, _ = support("list", "--limit", "2", "--all", "--json")
    assert status == 0 and sorted(t["tenant_id"] for t in json.loads(out)["tenants"]) == sorted(studios)


def test_show_prints_the_facts_the_diagnosis_and_the_last_runs(support, studios):
    status, out, _ = support("show", "prairie-gym")
    assert status == 0
    assert "Status          skipped_last_night" in out
    assert ("[warning] Daily sync skipped at 11:31 PM CST: only 6 h 26 min since the manual sync at 5:05 PM; "
            "next run tonight at 11:31 PM CST") in out
    assert "Last runs" in out and "manual   succeeded" in out


def test_audit_lists_who_read_the_tenant(support, studios):
    support("show", "lakeside-swim")
    status, out, _ = support("audit", "lakeside-swim")
    assert status == 0
    cells = [re.split(r"\s{2,}", line)[1:4] for line in out.splitlines()[2:]]  # AT reads "Nov 25, 2026, …"
    assert cells == [["cli-user", "support", "support_read"]] * 2


def test_a_refusal_prints_the_apis_message_and_exits_1(support):
    status, _, err = support("show", "nobody")
    assert status == 1 and "404" in err and "no studio 'nobody'" in err


def test_without_a_token_the_cli_says_so(monkeypatch, capsys):
    monkeypatch.delenv("CLASSBOOKS_TOKEN", raising=False)
    assert main(["support", "list", "--api", "http://127.0.0.1:9"]) == 2
    assert "a support token is needed" in capsys.readouterr().err
