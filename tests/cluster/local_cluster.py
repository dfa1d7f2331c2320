"""deploy/local-cluster started for a test: HAProxy, two Rasa instances, two action servers, Redis,
on PostgreSQL databases the test provides; servers are killed by their process id and started again
by the script."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Dict

from tests.channels.conftest import WEBHOOK
from tests.servers import REPO

SCRIPT = REPO / "deploy" / "local-cluster"
PORTS = range(6100, 6200)  # the ports this test may use
PORTS_USED = 9  # see deploy/local-cluster


@dataclass
class LocalCluster:
    process: subprocess.Popen
    state: Path
    port_base: int
    env: Dict[str, str]

    @property
    def url(self) -> str:
        """HAProxy's public address."""
        return f"http://127.0.0.1:{self.port_base}"

    def rasa_url(self, number: int) -> str:
        """One Rasa instance's own address (1 or 2), bypassing HAProxy."""
        return f"http://127.0.0.1:{self.port_base + 1 + number}"

    def health_url(self, server: str) -> str:
        """Where one server ("rasa-1", "action-2") says it is up, bypassing HAProxy."""
        kind, number = server.split("-")
        if kind == "rasa":
            return f"{self.rasa_url(int(number))}/webhooks/health/"
        return f"http://127.0.0.1:{self.port_base + 3 + int(number)}/health"

    def pid(self, server: str) -> int:
        return int((self.state / "run" / f"{server}.pid").read_text())

    def kill(self, server: str) -> int:
        """SIGKILL one server (e.g. "rasa-1", "action-2"); the script starts it again. Its old id."""
        pid = self.pid(server)
        os.kill(pid, signal.SIGKILL)
        return pid

    def log(self, server: str) -> str:
        return (self.state / "logs" / f"{server}.log").read_text(errors="replace")

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not (self.state / "run" / "ready").exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the cluster did not start; logs in {self.state / 'logs'}")
            time.sleep(0.5)

    def healthy(self, server: str) -> bool:
        try:
            with urllib.request.urlopen(self.health_url(server), timeout=5) as answer:
                return answer.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        """Ctrl-C's way: the script stops every server it started."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start_cluster(state: Path, env: Dict[str, str], timeout: float = 300) -> LocalCluster:
    """Start deploy/local-cluster with `env` (database URLs, Twilio settings) on free ports in PORTS;
    Twilio signs for HAProxy's address."""
    base = _free_port_block()
    env = dict(
        env, CLUSTER_PORT_BASE=str(base), CLUSTER_DIR=str(state), TWILIO_PUBLIC_URL=f"http://127.0.0.1:{base}{WEBHOOK}"
    )
    output = (state / "local-cluster.out").open("w")
    process = subprocess.Popen(
        [str(SCRIPT)],
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so that nothing it started outlives a failure
    )
    cluster = LocalCluster(process, state, base, env)
    cluster.wait_ready(timeout)
    return cluster


def _free_port_block() -> int:
    for base in range(PORTS.start, PORTS.stop - PORTS_USED, PORTS_USED):
        if all(_is_free(port) for port in range(base, base + PORTS_USED)):
            return base
    raise RuntimeError(f"no {PORTS_USED} free ports in {PORTS}")


def _is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
