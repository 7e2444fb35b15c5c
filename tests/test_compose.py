"""docker-compose.yml and the Dockerfile, read as data: no Docker engine is needed.

What the production shape promises: every volume the portal writes is a folder of the image
owned by the portal's user; the mail settings reach the processes that send mail; web, worker
and beat each have a healthcheck that asks the process itself; beat's schedule outlives the
container. .ci/compose-native runs the same commands and healthchecks for real.
"""

import json
import re
import shlex
from importlib import import_module
from pathlib import Path, PurePosixPath

import pytest
import yaml
from gunicorn.workers.gthread import ThreadWorker

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
PORTAL_SERVICES = [name for name, service in SERVICES.items() if service.get("build") == "."]
LONG_RUNNING = ["web", "worker", "beat"]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    result = []
    for line in joined.splitlines():
        if line.strip():
            instruction, _space, arguments = line.strip().partition(" ")
            result.append((instruction.upper(), arguments.strip()))
    return result


def shell_commands(instructions) -> list[list[str]]:
    """Each simple command of every RUN, split into words."""
    commands = []
    for instruction, arguments in instructions:
        if instruction == "RUN":
            for part in re.split(r"&&|;", arguments):
                words = shlex.split(part)
                while words and "=" in words[0]:  # VAR=value before the command
                    words = words[1:]
                if words:
                    commands.append(words)
    return commands


def mounts(service: dict) -> list[tuple[str, str]]:
    """(volume, target) of the service's named-volume mounts."""
    result = []
    for entry in service.get("volumes", []):
        source, target = entry.split(":")[:2]
        if not source.startswith((".", "/")):
            result.append((source, target))
    return result


def test_every_named_volume_is_declared_and_used():
    used = {source for service in SERVICES.values() for source, _target in mounts(service)}
    assert used == set(COMPOSE["volumes"])


def test_the_folders_the_portal_writes_are_made_in_the_image_and_owned_by_its_user():
    """A new named volume takes its owner from the image's folder: root's when the image has
    none, and the portal's user could not write attachments there."""
    instructions = dockerfile_instructions()
    users = [arguments for instruction, arguments in instructions if instruction == "USER"]
    assert users and users[-1] != "root"
    user = users[-1]
    commands = shell_commands(instructions)
    made = {
        PurePosixPath(word)
        for words in commands
        if words[0] == "mkdir"
        for word in words[1:]
        if not word.startswith("-")
    }
    owned = [
        (PurePosixPath(words[-1]), "-R" in words)
        for words in commands
        if words[0] == "chown" and user in words[1:-1]
    ]
    targets = {target for name in PORTAL_SERVICES for _source, target in mounts(SERVICES[name])}
    assert "/var/lib/portal/media" in targets
    for target in map(PurePosixPath, targets):
        assert target in made, f"{target} is not made in the Dockerfile"
        assert any(
            target == path or (recursive and path in target.parents) for path, recursive in owned
        ), f"{target} is not owned by {user}"


def email_settings() -> set[str]:
    source = "".join(path.read_text() for path in (ROOT / "portal" / "settings").glob("*.py"))
    return set(re.findall(r"env_\w+\(\s*\"((?:EMAIL_|DEFAULT_FROM_EMAIL)\w*)\"", source))


@pytest.mark.parametrize("name", ["web", "worker"])
def test_every_mail_setting_is_passed_through_to_the_processes_that_send_mail(name):
    names = email_settings()
    assert {"EMAIL_HOST", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS"} <= names
    environment = SERVICES[name]["environment"]
    assert sorted(names - set(environment)) == []
    for variable in names:
        # Passed through from the host's environment, with a default where one makes sense.
        assert str(environment[variable]).startswith(f"${{{variable}"), variable


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_web_worker_and_beat_have_healthchecks(name):
    healthcheck = SERVICES[name]["healthcheck"]
    assert healthcheck["test"][0] in {"CMD", "CMD-SHELL"}
    assert {"interval", "timeout", "retries", "start_period"} <= set(healthcheck)


def test_the_web_healthcheck_asks_health_on_the_port_gunicorn_listens_on():
    command = shlex.split(SERVICES["web"]["command"])
    port = command[command.index("--bind") + 1].rsplit(":", 1)[1]
    probe = " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert f"http://127.0.0.1:{port}/health/" in probe


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_worker_and_beat_answer_a_ping_addressed_to_them_by_name(name):
    command = shlex.split(SERVICES[name]["command"])
    nodename = next(word for word in command if word.startswith("--hostname="))
    assert nodename == f"--hostname={name}@%h"
    if name == "beat":
        assert "--enable-remote-control" in command
    test = SERVICES[name]["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    # $$ is compose's escape: the container's shell reads its own HOSTNAME (= %h).
    assert f"inspect ping --destination {name}@$$HOSTNAME" in test[1]


def test_beat_keeps_its_schedule_in_redis_not_on_a_disk():
    """RedBeat (portal/settings/base.py, when REDIS_URL is set): no schedule file, no volume."""
    command = shlex.split(SERVICES["beat"]["command"])
    assert not [word for word in command if word.startswith(("--schedule", "-s"))]
    assert mounts(SERVICES["beat"]) == mounts(SERVICES["worker"])  # nothing of its own
    assert SERVICES["beat"]["environment"]["REDIS_URL"].startswith("redis://")
    settings = (ROOT / "portal" / "settings" / "base.py").read_text()
    assert 'CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"' in settings


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_long_running_services_start_after_the_migrations(name):
    depends = SERVICES[name]["depends_on"]
    assert depends["migrate"] == {"condition": "service_completed_successfully"}
    assert all(dependency in SERVICES for dependency in depends)


def storage_settings() -> set[str]:
    source = (ROOT / "portal" / "settings" / "base.py").read_text()
    return set(re.findall(r"env_\w+\(\s*\"(STORAGE_\w+)\"", source))


@pytest.mark.parametrize("name", ["web", "worker", "beat", "migrate"])
def test_every_object_store_setting_is_passed_through(name):
    names = storage_settings()
    assert {"STORAGE_BUCKET", "STORAGE_URL", "STORAGE_ACCESS_KEY", "STORAGE_SECRET_KEY"} <= names
    environment = SERVICES[name]["environment"]
    assert sorted(names - set(environment)) == []
    for variable in names:
        assert str(environment[variable]).startswith(f"${{{variable}:-"), variable
    # Without STORAGE_BUCKET the files stay on the media volume: the object store is optional.
    assert environment["STORAGE_BUCKET"] == "${STORAGE_BUCKET:-}"


def test_the_object_store_is_an_optional_service_with_a_private_bucket():
    store, bucket = SERVICES["minio"], SERVICES["minio-bucket"]
    assert store["profiles"] == bucket["profiles"] == ["s3"]
    assert bucket["depends_on"]["minio"] == {"condition": "service_healthy"}
    assert "mc anonymous set none" in bucket["entrypoint"]
    # The portal's services start without it (a profile's service cannot be depended on).
    for name in PORTAL_SERVICES:
        assert "minio" not in SERVICES[name].get("depends_on", {})
    # The store's keys are the portal's keys.
    assert (
        store["environment"]["MINIO_ROOT_USER"]
        == SERVICES["web"]["environment"]["STORAGE_ACCESS_KEY"]
    )


def gunicorn_options(words: list[str]) -> dict[str, str]:
    """`--name value` pairs of a gunicorn command line."""
    return {
        word: words[i + 1]
        for i, word in enumerate(words[:-1])
        if word.startswith("--") and not words[i + 1].startswith("--")
    }


def dockerfile_cmd() -> list[str]:
    cmd = [arguments for name, arguments in dockerfile_instructions() if name == "CMD"]
    assert cmd
    return json.loads(cmd[-1])


# The web server's settings chosen from bench/surge.py's runs (README, "Production web server
# settings"): a change here is a change of what was measured, so measure it again.
WEB_SERVER = {
    "--worker-class": "portal.gunicorn_worker.ArrivalThreadWorker",
    "--workers": "4",
    "--threads": "2",
    "--keep-alive": "5",
}


def test_the_web_server_runs_the_measured_settings():
    options = gunicorn_options(shlex.split(SERVICES["web"]["command"]))
    assert {key: options.get(key) for key in WEB_SERVER} == WEB_SERVER
    # The image run alone (its CMD) serves the same way.
    assert gunicorn_options(dockerfile_cmd()) == options


def test_the_worker_class_is_a_threaded_worker():
    module, _dot, name = WEB_SERVER["--worker-class"].rpartition(".")
    worker = getattr(import_module(module), name)
    assert issubclass(worker, ThreadWorker)  # --threads means threads only for gthread


def test_web_keeps_its_database_connections_and_checks_them():
    environment = SERVICES["web"]["environment"]
    assert environment["DB_CONN_MAX_AGE"] == "${DB_CONN_MAX_AGE:-600}"
    # Everything else the portal's services share is still there.
    assert set(SERVICES["worker"]["environment"]) <= set(environment)
    settings = (ROOT / "portal" / "settings" / "base.py").read_text()
    assert 'conn_health_checks=env_int("DB_CONN_MAX_AGE", 0) > 0' in settings
