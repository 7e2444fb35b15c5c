import pytest

from .harness import running_provider


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """The test OpenID Connect provider, running on a local port for the whole session."""
    with running_provider(tmp_path_factory.mktemp("oidc-provider")) as provider:
        yield provider
