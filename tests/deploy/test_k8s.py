"""deploy/k8s/: every manifest is valid against the Kubernetes schemas (offline), and the Deployment's probes,
resources and security agree with the app's settings and the Dockerfile."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from app.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
# A released Kubernetes whose schemas kubernetes-validate ships; strict: an unknown field is an error.
KUBERNETES_VERSION = "1.33.0"
DEFAULTS = {name: field.default for name, field in Settings.model_fields.items()}
# The web process, the fork server that has imported torch, multiprocessing's resource tracker.
WEB_PROCESS_MIB = 768


def manifests() -> list[dict[str, Any]]:
    return [doc for path in sorted(K8S.glob("*.yaml")) for doc in yaml.safe_load_all(path.read_text()) if doc]


def of_kind(kind: str) -> dict[str, Any]:
    found = [doc for doc in manifests() if doc["kind"] == kind]
    assert len(found) == 1, kind
    return found[0]


def container() -> dict[str, Any]:
    containers = of_kind("Deployment")["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return dict(containers[0])


def env() -> dict[str, str]:
    return {item["name"]: item["value"] for item in container()["env"]}


def mebibytes(quantity: str) -> int:
    match = re.fullmatch(r"(\d+)(Mi|Gi)", quantity)
    assert match, quantity
    return int(match[1]) * (1024 if match[2] == "Gi" else 1)


@pytest.mark.parametrize("doc", manifests(), ids=lambda doc: doc["kind"])
def test_manifest_is_valid_against_the_kubernetes_schema(doc: dict[str, Any]) -> None:
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_a_misspelt_field_is_refused() -> None:
    """The validation above can fail: strict schemas refuse what Kubernetes would silently drop."""
    broken = of_kind("Deployment")
    broken["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_the_four_objects_are_there_and_select_the_same_pods() -> None:
    assert sorted(doc["kind"] for doc in manifests()) == [
        "Deployment",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "Service",
    ]
    deployment = of_kind("Deployment")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"] == labels
    assert of_kind("Service")["spec"]["selector"] == labels
    assert of_kind("PodDisruptionBudget")["spec"]["selector"]["matchLabels"] == labels
    assert of_kind("HorizontalPodAutoscaler")["apiVersion"] == "autoscaling/v2"
    target = of_kind("HorizontalPodAutoscaler")["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])


def test_the_service_reaches_the_port_uvicorn_listens_on() -> None:
    port = container()["ports"][0]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert f"EXPOSE {port['containerPort']}" in dockerfile
    assert f'"--port", "{port["containerPort"]}"' in dockerfile
    assert of_kind("Service")["spec"]["ports"][0]["targetPort"] == port["name"]


@pytest.mark.parametrize("probe", ["startupProbe", "readinessProbe", "livenessProbe"])
def test_probes_ask_healthz_and_allow_it_three_seconds(probe: str) -> None:
    spec = container()[probe]
    assert spec["httpGet"] == {"path": "/healthz", "port": container()["ports"][0]["name"]}
    assert spec["timeoutSeconds"] == 3  # /healthz never takes longer; a stall past it is a fault


def test_a_pod_is_ready_again_long_before_it_would_be_restarted() -> None:
    readiness, liveness = container()["readinessProbe"], container()["livenessProbe"]
    assert readiness["periodSeconds"] * readiness["failureThreshold"] < (
        liveness["periodSeconds"] * liveness["failureThreshold"]
    )
    startup = container()["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 60  # importing torch, starting the pool


def test_memory_is_every_workers_cap_plus_the_web_process() -> None:
    workers = int(env()["AGX_WORKERS"])
    worker_mb = int(env()["AGX_WORKER_MEMORY_MB"])
    assert worker_mb == DEFAULTS["worker_memory_mb"]
    resources = container()["resources"]
    assert resources["requests"] == resources["limits"]  # the worst case is reserved
    assert mebibytes(resources["limits"]["memory"]) == workers * worker_mb + WEB_PROCESS_MIB
    assert resources["limits"]["cpu"] == str(workers)  # one CPU-bound worker per core


def test_a_pod_being_replaced_finishes_its_runs() -> None:
    pod = of_kind("Deployment")["spec"]["template"]["spec"]
    assert pod["terminationGracePeriodSeconds"] > DEFAULTS["request_timeout_s"] + 5  # after preStop's pause
    rollout = of_kind("Deployment")["spec"]["strategy"]["rollingUpdate"]
    assert rollout["maxUnavailable"] == 0


def test_the_pod_runs_as_the_images_user_with_a_read_only_root() -> None:
    pod = of_kind("Deployment")["spec"]["template"]["spec"]
    uid = re.search(r"useradd .*--uid (\d+)", (ROOT / "Dockerfile").read_text())
    assert uid and pod["securityContext"]["runAsUser"] == int(uid[1])
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["automountServiceAccountToken"] is False
    security = container()["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    # The one place the app writes (multiprocessing's fork server socket, torch's compile cache folder).
    mounts = {m["mountPath"]: m["name"] for m in container()["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert "emptyDir" in volumes[mounts["/tmp"]]


def test_scaling_keeps_pods_to_spare_during_a_drain() -> None:
    hpa = of_kind("HorizontalPodAutoscaler")["spec"]
    assert 2 <= hpa["minReplicas"] < hpa["maxReplicas"]
    assert of_kind("PodDisruptionBudget")["spec"]["maxUnavailable"] < hpa["minReplicas"]
    (metric,) = hpa["metrics"]
    assert metric["resource"]["name"] == "cpu" and metric["resource"]["target"]["type"] == "Utilization"
