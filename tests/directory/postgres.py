"""A throwaway PostgreSQL cluster (Debian's `postgresql` package) for tests and benchmarks."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import sqlalchemy


class ClusterUnavailable(RuntimeError):
    """PostgreSQL is not installed or would not start; the message says which."""


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Cluster:
    """A running throwaway cluster: its server URL, and stop/start as an administrator would."""

    url: str
    pg_ctl: Callable[..., None]

    def stop(self) -> None:
        """Stop the server at once (what a crash or a restart does to every client)."""
        self.pg_ctl("-m", "immediate", "stop")

    def start(self) -> None:
        """Start it again on the same port and data, and wait until it accepts connections."""
        self.pg_ctl("start")


@contextmanager
def controllable_cluster() -> Iterator[Cluster]:
    """A cluster in a temporary folder on a free port (as the `postgres` user when root)."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise ClusterUnavailable("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="care-finder-pg-"))
    if as_postgres:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()

    def run(*command: str) -> None:
        subprocess.run([*as_postgres, *command], check=True, capture_output=True, timeout=60)

    def pg_ctl(*action: str) -> None:
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"), "-o", options, *action)

    try:
        try:
            run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
            pg_ctl("start")
        except (subprocess.SubprocessError, OSError) as error:
            raise ClusterUnavailable(f"PostgreSQL could not be started here: {error}") from None
        yield Cluster(f"postgresql+psycopg2://postgres@127.0.0.1:{port}", pg_ctl)
    finally:
        subprocess.run(
            [*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """A throwaway cluster's server URL."""
    with controllable_cluster() as cluster:
        yield cluster.url


@contextmanager
def throwaway_database(server: str) -> Iterator[str]:
    """A new, empty database on the cluster at `server`, dropped afterwards; its URL."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    # Checked before use: a test may have restarted the server in between.
    admin = sqlalchemy.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield f"{server}/{name}"
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()
