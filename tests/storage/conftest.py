"""A real S3-protocol server for the object-storage tests: moto's server in a subprocess.

`python -m moto.server` listens on a free local port and answers S3's HTTP API (signatures,
multipart uploads, signed URLs); the portal reaches it through django-storages and boto3 as
it would reach MinIO or AWS. No Docker, Redis or PostgreSQL is needed, so `make test` runs
these on a machine with only Python.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass

import boto3
import pytest

ACCESS_KEY = "portal-test"
SECRET_KEY = "portal-test-secret"  # moto accepts any key
REGION = "us-east-1"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/storage/" in str(item.fspath):
            item.add_marker(pytest.mark.storage)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited ({process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


@dataclass
class ObjectStore:
    endpoint: str

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def new_bucket(self) -> str:
        name = f"portal-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=bucket)
        return [entry["Key"] for entry in listing.get("Contents", [])]

    def env(self, bucket: str) -> dict[str, str]:
        """The environment that points the portal's settings at `bucket`."""
        return {
            "STORAGE_URL": self.endpoint,
            "STORAGE_BUCKET": bucket,
            "STORAGE_ACCESS_KEY": ACCESS_KEY,
            "STORAGE_SECRET_KEY": SECRET_KEY,
            "STORAGE_REGION": REGION,
        }


@pytest.fixture(scope="session")
def object_store(tmp_path_factory):
    port = free_port()
    log = open(tmp_path_factory.mktemp("moto") / "moto.log", "wb")  # noqa: SIM115 - closed below
    env = {**os.environ, "MOTO_PORT": str(port)}
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and moto
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, process)
        yield ObjectStore(endpoint=f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def storage_settings(object_store: ObjectStore, bucket: str, monkeypatch) -> dict:
    """STORAGES["default"] as portal.settings.base builds it from the environment."""
    from portal.settings.base import file_storage_from_env

    for name, value in object_store.env(bucket).items():
        monkeypatch.setenv(name, value)
    return file_storage_from_env()


@pytest.fixture
def s3_storage(object_store, settings, monkeypatch, tmp_path):
    """The default storage on a fresh bucket of the object store, for this test; its name.

    MEDIA_ROOT is an empty folder of the test's own, so that a test can tell that nothing
    was written to local disk."""
    bucket = object_store.new_bucket()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storage_settings(object_store, bucket, monkeypatch),
    }
    return bucket
