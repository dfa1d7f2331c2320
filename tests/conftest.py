"""Settings for the whole test run."""

import os
import shutil
from typing import Iterator

import pytest

from tests.directory.postgres import ClusterUnavailable, throwaway_cluster
from tests.servers import throwaway_redis


def pytest_configure(config) -> None:
    """No test needs the internet: a deployment's .env (which `make test` reads) may turn the online
    geocoder on; the tests, and the servers the end-to-end tests start, run with it off. The geocoder's
    own tests turn it on against a local stand-in (tests/directory/fake_nominatim.py)."""
    for name in ("CARE_FINDER_GEOCODER", "CARE_FINDER_GEOCODER_USER_AGENT", "CARE_FINDER_GEOCODER_URL"):
        os.environ.pop(name, None)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL cluster, started once per test run; skips where it cannot start."""
    try:
        with throwaway_cluster() as url:
            yield url
    except ClusterUnavailable as reason:
        pytest.skip(str(reason))


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway Redis server (Debian's redis-server), started once per test run; skips where it is
    not installed."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    with throwaway_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url
