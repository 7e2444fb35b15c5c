"""Two web processes, as on two machines: different ports, different local folders, the same
database, cache and object store. An applicant starts a draft and uploads a file on one,
continues and submits on the other with the same session; an officer downloads the file from
the first. Nothing of it is kept on either machine's disk.

The database is the test's (PostgreSQL when DATABASE_URL is set, otherwise the test's SQLite
file); the cache is Redis when REDIS_URL is set, otherwise the database cache; the object
store is moto's server (tests/storage/conftest.py). So this runs in both of CI's runs.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.core.management import call_command
from django.db import connection

from portal.enums import Role
from proposals.enums import ProposalState
from proposals.models import Attachment, Proposal
from tests.factories import (
    PASSWORD,
    PDF_BYTES,
    CallFactory,
    OrganisationFactory,
    fill_proposal,
    user_with,
)

from .conftest import free_port, wait_for_port

ROOT = Path(__file__).resolve().parent.parent.parent
REPLICA_CACHE_TABLE = "portal_replica_cache"  # portal/settings/replica.py

pytestmark = pytest.mark.django_db(transaction=True)


def shared_cache_env() -> dict[str, str]:
    """Redis (a database of its own, emptied) when the machine has it; else the database."""
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        import redis

        url = redis_url.rsplit("/", 1)[0] + "/12"
        redis.Redis.from_url(url).flushdb()
        return {"PORTAL_TEST_REDIS_URL": url}
    call_command("createcachetable", REPLICA_CACHE_TABLE, verbosity=0)
    with connection.cursor() as cursor:  # emptied, as Redis is
        cursor.execute(f"DELETE FROM {REPLICA_CACHE_TABLE}")  # noqa: S608 - a constant
    return {"PORTAL_TEST_REDIS_URL": ""}


@pytest.fixture
def start_replica(object_store, tmp_path):
    """Starts gunicorn on a free port with its own PORTAL_VAR_DIR; stops it after the test."""
    bucket = object_store.new_bucket()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "STORAGE_"))}
    base.update(
        DJANGO_SETTINGS_MODULE="portal.settings.replica",
        PORTAL_TEST_DB_NAME=str(connection.settings_dict["NAME"]),
        **object_store.env(bucket),
        **shared_cache_env(),
    )
    started = []

    def start(name: str):
        port, var = free_port(), tmp_path / name
        var.mkdir()
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env={**base, "PORTAL_VAR_DIR": str(var)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))
        wait_for_port(port, process, timeout=60)
        return Replica(url=f"http://127.0.0.1:{port}", var=var, bucket=bucket, pid=process.pid)

    yield start
    for process, log in started:
        process.terminate()
        process.wait(timeout=20)
        log.close()


class Replica:
    def __init__(self, *, url: str, var: Path, bucket: str, pid: int):
        self.url, self.var, self.bucket, self.pid = url, var, bucket, pid

    def environment(self) -> dict[str, str]:
        """The process's environment as the kernel has it (Linux; empty elsewhere)."""
        source = Path(f"/proc/{self.pid}/environ")
        if not source.exists():
            return {}
        pairs = source.read_bytes().decode(errors="replace").split("\0")
        return dict(pair.split("=", 1) for pair in pairs if "=" in pair)

    def files(self) -> list[Path]:
        return [path for path in self.var.rglob("*") if path.is_file()]


def csrf(browser: requests.Session) -> dict[str, str]:
    return {"X-CSRFToken": browser.cookies["csrftoken"]}


def log_in(browser: requests.Session, replica: Replica, email: str) -> None:
    browser.get(f"{replica.url}/accounts/login/", timeout=30)
    response = browser.post(
        f"{replica.url}/accounts/login/",
        data={"login": email, "password": PASSWORD},
        headers=csrf(browser),
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]
    if "/accounts/2fa/authenticate/" in response.headers["Location"]:  # an officer's code
        from portal import two_factor
        from portal.models import User

        secret = two_factor.enrol_totp(User.objects.get(email=email))  # the one they have
        browser.get(f"{replica.url}/accounts/2fa/authenticate/", timeout=30)
        response = browser.post(
            f"{replica.url}/accounts/2fa/authenticate/",
            data={"code": two_factor.totp_code(secret)},
            headers=csrf(browser),
            allow_redirects=False,
            timeout=30,
        )
        assert response.status_code == 302, response.text[:500]


def post(browser: requests.Session, url: str, **kwargs) -> requests.Response:
    response = browser.post(url, headers=csrf(browser), allow_redirects=False, timeout=30, **kwargs)
    assert response.status_code == 302, response.text[:500]
    return response


def test_a_proposal_moves_between_two_web_processes(reference_data, start_replica, object_store):
    officer = user_with(Role.OFFICER, email="officer@example.org")
    applicant = user_with(Role.APPLICANT, email="applicant@example.org")
    OrganisationFactory(members=[applicant])
    call = CallFactory(officers=[officer], created_by=officer)
    a, b = start_replica("a"), start_replica("b")
    assert a.var != b.var and a.pid != b.pid
    for replica in (a, b):  # each process really runs with its own folder
        environment = replica.environment()
        if environment:
            assert environment["PORTAL_VAR_DIR"] == str(replica.var)
    for replica in (a, b):  # database, cache, broker and the object store, from each
        assert requests.get(f"{replica.url}/health/", timeout=30).text == "ok\n"
    # One cache: the API's count of an anonymous caller (4 a window, portal/settings/replica.py)
    # goes on from one process to the other.
    counted = [
        requests.get(f"{replica.url}/api/sectors/", timeout=30).status_code
        for replica in (a, b, a, b, b)
    ]
    assert counted == [200, 200, 200, 200, 429]

    applicant_browser = requests.Session()
    log_in(applicant_browser, a, applicant.email)
    started = post(applicant_browser, f"{a.url}/proposals/start/{call.slug}/")
    pk = int(re.fullmatch(r"/proposals/(\d+)/edit/", started.headers["Location"])[1])
    post(
        applicant_browser,
        f"{a.url}/proposals/{pk}/attachments/",
        files={"file": ("แผนงาน.pdf", PDF_BYTES, "application/pdf")},
    )
    fill_proposal(Proposal.objects.get(pk=pk))  # the rest of the form, as if typed

    # On the other machine, with the session the first one started: the file uploaded on
    # the first is there, one more is uploaded, and the proposal is submitted.
    edit = applicant_browser.get(f"{b.url}/proposals/{pk}/edit/", timeout=30)
    assert edit.status_code == 200
    assert "แผนงาน.pdf" in edit.text
    budget = PDF_BYTES.replace(b"%%EOF", b"% budget\n%%EOF")
    post(
        applicant_browser,
        f"{b.url}/proposals/{pk}/attachments/",
        files={"file": ("งบประมาณ.pdf", budget, "application/pdf")},
    )
    post(applicant_browser, f"{b.url}/proposals/{pk}/submit/")
    assert Proposal.objects.get(pk=pk).state == ProposalState.SUBMITTED

    officer_browser = requests.Session()
    log_in(officer_browser, a, officer.email)
    attachments = Attachment.objects.filter(proposal_id=pk).order_by("uploaded_at", "pk")
    assert [item.original_name for item in attachments] == ["แผนงาน.pdf", "งบประมาณ.pdf"]
    for attachment, content in zip(attachments, (PDF_BYTES, budget), strict=True):
        download = officer_browser.get(
            f"{a.url}/proposals/attachments/{attachment.pk}/download/", timeout=30
        )
        assert download.status_code == 200
        assert download.content == content

    assert sorted(object_store.keys(a.bucket)) == sorted(item.file.name for item in attachments)
    for replica in (a, b):
        assert not [path for path in replica.files() if path.suffix == ".pdf"], replica.files()
