"""deploy/nginx/agx.conf agrees with the app: nginx accepts it, its bounds match the settings' defaults, its
refusals carry the app's bytes, and it caches the graph GETs and nothing else."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import get_args

import pytest

from app.api import GraphFormat
from app.errors import status_of
from app.settings import Settings
from tests.conftest import make_client
from tests.deploy import nginxkit
from tests.deploy.nginxkit import Directive

DEFAULTS = {name: field.default for name, field in Settings.model_fields.items()}


def server() -> Directive:
    return nginxkit.site().one("server")


def value(name: str) -> str:
    return " ".join(server().one(name).args)


def location(name: str) -> Directive:
    return next(d for d in server().find("location") if d.args[-1] == name)


def graph_location() -> Directive:
    return next(d for d in server().find("location") if d.args[0] == "~" and "graph" in d.args[1])


@pytest.mark.skipif(nginxkit.NGINX is None, reason="nginx is missing: `make test` installs Debian's package")
def test_nginx_accepts_the_config_as_rendered_for_loopback(tmp_path: Path) -> None:
    config = nginxkit.write_config(tmp_path, nginxkit.free_port(), [nginxkit.free_port(), nginxkit.free_port()])
    checked = subprocess.run(nginxkit.nginx_command(tmp_path, config, "-t"), capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_the_body_cap_and_its_refusal_are_the_apps() -> None:
    cap = DEFAULTS["max_body_bytes"]
    assert value("client_max_body_size") == str(cap)
    assert int(value("client_body_buffer_size").removesuffix("k")) * 1024 >= cap  # held in memory, never on disk
    # The app's own 413, for a body one byte over the same cap.
    refused = make_client().post("/api/v1/run", content=b"x" * (cap + 1), headers={"content-type": "application/json"})
    assert refused.status_code == 413
    status, body = location("@body_too_large").one("return").args
    assert (int(status), body.encode()) == (413, refused.content)
    assert location("@body_too_large").one("default_type").args == ("application/json",)


def test_headers_and_reads_are_bounded() -> None:
    assert value("client_header_buffer_size") == "1k"
    count, size = server().one("large_client_header_buffers").args
    assert int(count) * int(size.removesuffix("k")) <= 64  # KiB of headers one request may hold
    for name in ("client_header_timeout", "client_body_timeout"):
        assert 0 < nginxkit.seconds(value(name)) <= 10, name
    for name in ("send_timeout", "keepalive_timeout"):
        assert 0 < nginxkit.seconds(value(name)) <= 60, name
    assert value("reset_timedout_connection") == "on"


def test_the_app_has_its_full_time_before_nginx_gives_up() -> None:
    # A request may wait in a replica's line as long as one run may take, then run.
    assert nginxkit.seconds(value("proxy_read_timeout")) >= 2 * DEFAULTS["request_timeout_s"]


def test_a_failed_replica_is_retried_elsewhere_a_bounded_number_of_times() -> None:
    retried_on = set(server().one("proxy_next_upstream").args)
    assert retried_on == {"error", "timeout", "http_502", "http_503", "non_idempotent"}
    assert 2 <= int(value("proxy_next_upstream_tries")) <= 3
    parameters = nginxkit.upstream_parameters()
    assert int(parameters["max_fails"]) >= 1 and nginxkit.seconds(parameters["fail_timeout"]) > 0


def test_the_app_never_sees_the_clients_host() -> None:
    headers = {d.args[0].lower(): d.args[1] for d in server().find("proxy_set_header")}
    assert headers["host"] and "$" not in headers["host"]


def test_nginx_never_encodes_what_the_app_encoded() -> None:
    assert value("gzip") == "off"
    assert not [path for path in server().walk() if path[-1].name.startswith(("gzip_", "brotli"))]


def test_only_the_graph_gets_are_cached() -> None:
    cached = [path for path in server().walk() if path[-1].name == "proxy_cache"]
    assert [path[0] for path in cached] == [graph_location()]
    pattern = re.compile(graph_location().args[1])
    for fmt in get_args(GraphFormat):
        assert pattern.search(f"/api/v1/graph.{fmt}"), fmt
    for path in ("/", "/api/v1/run", "/docs", "/api/v1/graph.svg/x", "/static/js/main.js"):
        assert not pattern.search(path), path
    graph = graph_location()
    assert graph.one("proxy_cache_methods").args == ("GET", "HEAD")
    assert graph.one("proxy_cache_key").args == ("$request_uri",)  # the query is the request; Host is not
    assert graph.one("add_header").args == ("X-Cache-Status", "$upstream_cache_status", "always")
    # Kept only as long as the app's Cache-Control says: no default lifetime, no header ignored.
    names = {path[-1].name for path in nginxkit.site().walk()}
    assert not names & {"proxy_cache_valid", "proxy_ignore_headers", "proxy_hide_header"}


def test_every_location_goes_to_the_replicas_or_answers_an_envelope() -> None:
    for loc in server().find("location"):
        if loc.args[-1].startswith("@"):
            status, body = loc.one("return").args
            error = json.loads(body)["error"]
            assert set(error) == {"code", "message", "line", "col"}
            assert int(status) == status_of(error["code"]), loc.args
        else:
            assert loc.one("proxy_pass").args == ("http://agx_app",)
