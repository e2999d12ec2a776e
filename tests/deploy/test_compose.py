"""deploy/compose.yaml (no Docker engine here, so by structure): replicas of the image with a health check on
/healthz, nginx started once they are healthy with deploy/nginx/agx.conf, and the same figures as deploy/k8s/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.deploy import nginxkit

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return loaded


def service(name: str) -> dict[str, Any]:
    found: dict[str, Any] = compose()["services"][name]
    return found


def k8s_container() -> dict[str, Any]:
    deployment = yaml.safe_load((DEPLOY / "k8s" / "deployment.yaml").read_text())
    container: dict[str, Any] = deployment["spec"]["template"]["spec"]["containers"][0]
    return container


def test_two_services_and_a_cache_volume() -> None:
    assert set(compose()["services"]) == {"app", "nginx"}
    assert set(compose()["volumes"]) == {"graph-cache"}


def test_the_app_is_built_from_the_repository_dockerfile_and_replicated() -> None:
    app = service("app")
    context = (DEPLOY / app["build"]["context"]).resolve()
    assert context == ROOT and (context / app["build"].get("dockerfile", "Dockerfile")).is_file()
    assert app["deploy"]["replicas"] >= 2
    assert app["expose"] == ["8000"]


def test_the_app_is_checked_on_healthz() -> None:
    check = service("app")["healthcheck"]
    assert check["test"][:3] == ["CMD", "python", "-c"]
    assert "http://127.0.0.1:8000/healthz" in check["test"][3]
    compile(check["test"][3], "<healthcheck>", "exec")
    assert {"interval", "timeout", "start_period", "retries"} <= set(check)


def test_nginx_waits_for_healthy_replicas_and_uses_the_deploy_config() -> None:
    nginx = service("nginx")
    assert nginx["depends_on"] == {"app": {"condition": "service_healthy"}}
    mounts = {volume.split(":")[0]: volume.split(":")[1] for volume in nginx["volumes"]}
    assert mounts["./nginx/agx.conf"] == "/etc/nginx/conf.d/default.conf"
    assert (DEPLOY / "nginx" / "agx.conf").is_file()
    assert mounts["graph-cache"] == "/var/cache/nginx"
    cache_path = nginxkit.site().one("proxy_cache_path").args[0]
    assert cache_path.startswith(mounts["graph-cache"] + "/")


def test_nginx_config_names_the_service_and_ports_compose_gives() -> None:
    server = nginxkit.site().one("upstream").one("server").args[0]
    assert server == f"app:{service('app')['expose'][0]}"
    listen = nginxkit.site().one("server").one("listen").args[0]
    assert service("nginx")["ports"] == [f"127.0.0.1:8080:{listen}"]


def test_replicas_match_the_kubernetes_pods() -> None:
    app = service("app")
    k8s_env = {item["name"]: item["value"] for item in k8s_container()["env"]}
    assert app["environment"] == k8s_env
    limits = k8s_container()["resources"]["limits"]
    assert app["deploy"]["resources"]["limits"]["cpus"] == limits["cpu"]
    assert app["deploy"]["resources"]["limits"]["memory"] == limits["memory"].replace("Mi", "M")  # Docker's M is MiB
    assert app["read_only"] is True and app["tmpfs"] == ["/tmp"]
    assert app["user"] == str(k8s_container_user())


def k8s_container_user() -> int:
    deployment = yaml.safe_load((DEPLOY / "k8s" / "deployment.yaml").read_text())
    user: int = deployment["spec"]["template"]["spec"]["securityContext"]["runAsUser"]
    return user
