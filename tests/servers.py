"""Start the real action server and Rasa server for end-to-end tests, and talk to them over REST."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple
from urllib.parse import urlsplit

from prometheus_client.parser import text_string_to_metric_families

from bot.network import action_host, rasa_network_args

REPO = Path(__file__).resolve().parent.parent
MODEL = REPO / "models" / "care-finder.tar.gz"
RASA = Path(sys.executable).parent / "rasa"
# Deadlines in the conversation are counted from this day (a Monday), so tests know the dates.
TEST_TODAY = "2026-11-23"
# Prometheus samples by name and sorted labels: {("care_finder_turns_total", (("channel", "rest"),)): 3.0}
Samples = Dict[Tuple[str, Tuple[Tuple[str, str], ...]], float]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    _wait_until(lambda: _answers(url), f"{url} did not answer", process, log, timeout)


def _wait_until(ready: Callable[[], bool], failure: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    """Poll `ready` until it is true; fail if the server exits first or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early; see {log}:\n{log.read_text()[-3000:]}")
        if ready():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{failure} within {timeout} s; see {log}")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


def _port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


@dataclass
class RunningBot:
    """A Rasa server and action server started for one test session."""

    rasa_url: str
    action_url: str
    logs: List[Path]
    env: Dict[str, str]
    rasa_args: Sequence[str] = ()
    model: Path = MODEL
    endpoints: Path = REPO / "endpoints.yml"
    processes: List[subprocess.Popen] = field(default_factory=list)

    @property
    def conversations_url(self) -> str:
        """Where the tracker store keeps conversations (TRACKER_STORE_URL)."""
        return self.env["TRACKER_STORE_URL"]

    def chat(self, sender: str, message: str) -> List[Dict]:
        status, replies = self.post_rest(json.dumps({"sender": sender, "message": message}).encode())
        assert status == 200, (status, replies)
        return replies

    def post_rest(self, body: bytes) -> Tuple[int, Any]:
        """POST any body to the REST webhook: the HTTP status and the JSON answer (None if not JSON)."""
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/webhook", body, {"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, content = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
        try:
            return status, json.loads(content)
        except ValueError:
            return status, None

    def metrics(self, url: Optional[str] = None, token: Optional[str] = None) -> Tuple[str, Samples]:
        """Rasa's GET /webhooks/metrics/ (or `url`): the text as served, and its samples."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        request = urllib.request.Request(url or f"{self.rasa_url}/webhooks/metrics/", headers=headers)
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 200 and answer.headers["Content-Type"].startswith("text/plain")
            text = answer.read().decode()
        samples = {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
        }
        return text, samples

    def logs_text(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in self.logs)

    def say(self, sender: str, message: str) -> str:
        """All the bot's reply texts to one message, joined by newlines."""
        return "\n".join(reply.get("text", "") for reply in self.chat(sender, message))

    def stop(self) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGINT)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    def restart(self, same_ports: bool = False) -> None:
        """Stop both servers, then start them again on new ports (or the same ones, for a page already
        loaded from them) with the same databases (their logs go on in the same files)."""
        self.stop()
        _launch(self, same_ports)


def reach_the_place_question(bot: RunningBot, sender: str) -> None:
    """Tell of canceled therapy and answer "not sure" to the date and the coverage: "Where are you?"."""
    bot.chat(sender, "my therapy was canceled")
    bot.chat(sender, "not sure")
    assert "Where are you" in bot.say(sender, "not sure")


def numbered_matches(replies: List[Dict]) -> List[str]:
    """The texts of the replies that are numbered matches ("1. ...")."""
    return [reply.get("text", "") for reply in replies if re.match(r"^\d+\. ", reply.get("text", ""))]


def start_bot(
    workdir: Path,
    database_url: Optional[str] = None,
    rasa_args: Sequence[str] = (),
    conversations_url: Optional[str] = None,
    model: Path = MODEL,
    endpoints: Path = REPO / "endpoints.yml",
    settings: Optional[Dict[str, str]] = None,
) -> RunningBot:
    """Build a fresh directory database, then start both servers on free ports.

    `rasa_args` are added to `rasa run` (e.g. "--enable-api" to read trackers over HTTP). Conversations
    are kept in `conversations_url`, by default a SQLite file in `workdir`; Rasa loads `model` with
    `endpoints`; `settings` are added to both servers' environment.
    """
    if not MODEL.exists():
        raise RuntimeError(f"{MODEL} is missing: run `make test`, which trains it first")
    env = dict(
        os.environ,
        PYTHONPATH=str(REPO),
        RASA_TELEMETRY_ENABLED="false",
        CARE_FINDER_TODAY=TEST_TODAY,
        DATABASE_URL=database_url or f"sqlite:///{workdir / 'directory.db'}",
        TRACKER_STORE_URL=conversations_url or f"sqlite:///{workdir / 'conversations.db'}",  # in endpoints.yml
        **(settings or {}),
    )
    subprocess.run([sys.executable, "-m", "providers", "build"], cwd=REPO, env=env, check=True, capture_output=True)
    bot = RunningBot(
        rasa_url="",
        action_url="",
        logs=[workdir / "action-server.log", workdir / "rasa-server.log"],
        env=env,
        rasa_args=rasa_args,
        model=model,
        endpoints=endpoints,
    )
    for path in bot.logs:
        path.write_text("")
    _launch(bot)
    return bot


def _launch(bot: RunningBot, same_ports: bool = False) -> None:
    """Start both servers on free ports (or the ones they had) and wait until they answer."""
    if same_ports:
        action_port, rasa_port = (int(url.rsplit(":", 1)[1]) for url in (bot.action_url, bot.rasa_url))
    else:
        action_port, rasa_port = free_port(), free_port()
    bot.action_url, bot.rasa_url = f"http://127.0.0.1:{action_port}", f"http://127.0.0.1:{rasa_port}"
    env = dict(bot.env, ACTION_ENDPOINT_URL=f"{bot.action_url}/webhook")  # expanded in endpoints.yml
    action_log, rasa_log = bot.logs
    with action_log.open("a") as log:
        bot.processes.append(
            subprocess.Popen(
                [str(RASA), "run", "actions", "--actions", "actions", "--port", str(action_port)],
                cwd=REPO,
                env=dict(env, SANIC_HOST=action_host(env)),  # rasa-sdk's listening address, as in run-bot
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    with rasa_log.open("a") as log:
        bot.processes.append(
            subprocess.Popen(
                [
                    str(RASA),
                    "run",
                    "--model",
                    str(bot.model),
                    "--endpoints",
                    str(bot.endpoints),
                    "--credentials",
                    str(REPO / "credentials.yml"),
                    "--port",
                    str(rasa_port),
                    *rasa_network_args(env),  # listening address and CORS, as in run-bot
                    *bot.rasa_args,
                ],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    try:
        wait_until_up(f"{bot.action_url}/health", bot.processes[0], action_log)
        wait_until_up(f"{bot.rasa_url}/", bot.processes[1], rasa_log)
    except RuntimeError:
        bot.stop()
        raise


def moved(before: Samples, after: Samples, name: str, **labels: str) -> float:
    """How much one metric's sample changed between two scrapes."""
    key = (name, tuple(sorted(labels.items())))
    return after.get(key, 0.0) - before.get(key, 0.0)


CLUSTER_ENDPOINTS = REPO / "deploy" / "endpoints.cluster.yml"


def worker_settings(workers: int, redis_url: str) -> Dict[str, str]:
    """The settings for `workers` Rasa worker processes sharing Redis at `redis_url` (its databases 1
    and 2: the conversations' locks, the SMS guards), as scripts/run-bot asks for; start the bot with
    CLUSTER_ENDPOINTS."""
    address = urlsplit(redis_url)
    return dict(
        SANIC_WORKERS=str(workers),
        REDIS_HOST=str(address.hostname),
        REDIS_PORT=str(address.port),
        REDIS_LOCK_DB="1",
        CARE_FINDER_REDIS_URL=address._replace(path="/2").geturl(),
    )


@contextmanager
def throwaway_redis(folder: Path) -> Iterator[str]:
    """Debian's redis-server on a free port, keeping nothing on disk; its URL."""
    port = free_port()
    log = folder / "redis.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until(lambda: _port_open(port), f"port {port} did not open", process, log, timeout=30)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=20)
