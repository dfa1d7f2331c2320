"""The whole production topology started by deploy/local-cluster, on two throwaway PostgreSQL
databases (conversations, directory), with the SMS channel on."""

import os
import shutil
from typing import Iterator

import pytest

from tests.channels.conftest import AUTH_TOKEN, ID_SECRET
from tests.cluster.local_cluster import LocalCluster, start_cluster
from tests.directory.postgres import throwaway_database
from tests.servers import TEST_TODAY


@pytest.fixture(scope="session")
def cluster(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    missing = [name for name in ("haproxy", "redis-server") if shutil.which(name) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed (Debian packages; .ci/run installs them)")
    with throwaway_database(postgres_server) as conversations, throwaway_database(postgres_server) as directory:
        env = dict(
            os.environ,
            TRACKER_STORE_URL=conversations,
            DATABASE_URL=directory,
            TWILIO_AUTH_TOKEN=AUTH_TOKEN,
            CARE_FINDER_ID_SECRET=ID_SECRET,
            CARE_FINDER_TODAY=TEST_TODAY,
        )
        running = start_cluster(tmp_path_factory.mktemp("cluster"), env)
        try:
            yield running
        finally:
            running.stop()
