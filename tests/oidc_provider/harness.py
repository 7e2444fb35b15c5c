"""Start the test OpenID Connect provider in a subprocess and register people and clients.

`running_provider(folder)` makes an RSA key (the provider signs its ID tokens with it,
RS256), migrates a SQLite file in `folder`, starts Django's server on a free local port and
waits until the discovery document answers. The provider listens on 127.0.0.1 while the
portal's live server is reached as localhost: two hosts to the browser, so neither's
cookies reach the other (the provider's also have names of their own).
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

REPOSITORY = Path(__file__).resolve().parent.parent.parent
SETTINGS = "tests.oidc_provider.settings"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_private_key(path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(
            encoding=serialization.Encoding.PEM,
            format=serialization.PrivateFormat.PKCS8,
            encryption_algorithm=serialization.NoEncryption(),
        )
    )


@dataclass
class OidcProvider:
    url: str  # where the provider listens: http://127.0.0.1:<port>
    env: dict[str, str]

    @property
    def server_url(self) -> str:
        """What a relying party is given: the discovery document is under it."""
        return f"{self.url}/o"

    @property
    def discovery_url(self) -> str:
        return f"{self.server_url}/.well-known/openid-configuration"

    def manage(self, *args: str) -> str:
        """Run a management command of the provider's project; its output."""
        done = subprocess.run(  # noqa: S603 - our own interpreter and project
            [sys.executable, "-m", "django", *args],
            env=self.env,
            cwd=REPOSITORY,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode:
            raise RuntimeError(f"provider: {' '.join(args)} failed:\n{done.stderr}")
        return done.stdout.strip()

    def add_person(
        self,
        email: str,
        password: str,
        *,
        verified: bool = True,
        first_name: str = "",
        last_name: str = "",
    ) -> None:
        args = ["add_person", email, password, "--first-name", first_name]
        args += ["--last-name", last_name]
        self.manage(*args, *([] if verified else ["--unverified"]))

    def add_client(
        self, client_id: str, secret: str, redirect_uri: str, *, skip_consent: bool = False
    ) -> None:
        args = ["add_client", client_id, secret, redirect_uri]
        self.manage(*args, *(["--skip-consent"] if skip_consent else []))


def wait_for_discovery(provider: OidcProvider, process: subprocess.Popen, timeout=60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the OIDC provider exited ({process.returncode})")
        with contextlib.suppress(requests.RequestException):
            if requests.get(provider.discovery_url, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{provider.discovery_url} does not answer after {timeout} s")


@contextlib.contextmanager
def running_provider(folder: Path) -> Iterator[OidcProvider]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    key_file = folder / "oidc-rsa.pem"
    write_private_key(key_file)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "PYTHONPATH": str(REPOSITORY),
        "OIDC_PROVIDER_DB": str(folder / "provider.sqlite3"),
        "OIDC_PROVIDER_KEY_FILE": str(key_file),
        "OIDC_PROVIDER_ISSUER": f"{url}/o",
    }
    provider = OidcProvider(url=url, env=env)
    provider.manage("migrate", "--noinput")
    log = open(folder / "provider.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and project
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=REPOSITORY,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_discovery(provider, process)
        yield provider
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
