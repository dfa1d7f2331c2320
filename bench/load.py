"""Throughput and latency under load: N simulated patients at once, each replaying whole conversations.

    .venv/bin/python bench/load.py [--patients 20] [--duration 30] [--url http://host:port] [--no-baseline]

Each patient (an asyncio task with its own aiohttp session) takes the conversations of
bench/scenarios.yml in turn, from its own starting point, under a new sender id each time, and sends
the next message as soon as the replies to the last one arrive, for `--duration` seconds. Prints the
messages answered per second, p50/p95/p99 of one REST call, and the errors: HTTP status other than 200,
no reply at all, and (Care Finder only) replies without a step's `expect` words.

The same load then runs against the bot `rasa init` creates (Rasa's default pipeline, no custom
actions), in the same run, for the ratio: it is built once under var/bench-rasa-init/ and reused.
Care Finder is started as the end-to-end tests start it (tests/servers.py), unless `--url` names a
running one. The servers run one after the other, never at once; the load average is printed with
every figure because the machine may be shared.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence, TypeVar

import aiohttp
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import processes  # noqa: E402
from tests.servers import (  # noqa: E402
    CLUSTER_ENDPOINTS,
    RASA,
    REPO,
    free_port,
    start_bot,
    throwaway_redis,
    wait_until_up,
    worker_settings,
)

SCENARIOS = Path(__file__).with_name("scenarios.yml")
Outcome = TypeVar("Outcome")
RASA_INIT_DIR = REPO / "var" / "bench-rasa-init"
REST_PATH = "/webhooks/rest/webhook"


@dataclass(frozen=True)
class Step:
    say: str
    expect: Optional[str] = None


@dataclass
class Tally:
    """What the patients saw: one latency per answered message, and each kind of error."""

    latencies_ms: List[float] = field(default_factory=list)
    bad_status: int = 0
    empty: int = 0
    unexpected: int = 0
    unexpected_examples: List[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return self.bad_status + self.empty + self.unexpected


@dataclass(frozen=True)
class Scenario:
    name: str
    language: str
    steps: List[Step]


def read_scenarios(path: Path = SCENARIOS) -> List[Scenario]:
    return [
        Scenario(
            scenario["name"],
            scenario.get("language", "en"),
            [Step(str(step["say"]), step.get("expect")) for step in scenario["steps"]],
        )
        for scenario in yaml.safe_load(path.read_text(encoding="utf-8"))["scenarios"]
    ]


def load_scenarios(path: Path = SCENARIOS) -> List[List[Step]]:
    """The steps of each scenario."""
    return [scenario.steps for scenario in read_scenarios(path)]


def conversations_for(patient: int, scenarios: Sequence[List[Step]]) -> Iterator[List[Step]]:
    """Every scenario in turn, starting at a different one for each patient, forever."""
    number = patient
    while True:
        yield scenarios[number % len(scenarios)]
        number += 1


async def replay(
    session: aiohttp.ClientSession,
    url: str,
    conversations: Iterator[List[Step]],
    deadline: float,
    tally: Tally,
    check_expect: bool,
) -> None:
    """One patient: each conversation under a new sender id, the next message as soon as the replies
    to the last one arrive, until the conversations run out or the deadline passes."""
    for conversation in conversations:
        sender = f"load-{uuid.uuid4().hex}"
        for step in conversation:
            if time.monotonic() >= deadline:
                return
            started = time.perf_counter()
            async with session.post(url, json={"sender": sender, "message": step.say}) as response:
                status = response.status
                replies = await response.json(content_type=None) if status == 200 else None
            tally.latencies_ms.append((time.perf_counter() - started) * 1000)
            if status != 200:
                tally.bad_status += 1
                continue
            texts = "\n".join(reply.get("text") or "" for reply in replies or [])
            if not replies or not texts.strip() and not any(reply.get("buttons") for reply in replies):
                tally.empty += 1
            elif check_expect and step.expect and step.expect not in texts:
                tally.unexpected += 1
                if len(tally.unexpected_examples) < 5:
                    tally.unexpected_examples.append(f"{step.say!r}: no {step.expect!r}")


def client_session(patients: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=patients), timeout=aiohttp.ClientTimeout(total=120)
    )


async def run_load(
    base_url: str, patients: int, duration: float, scenarios: Sequence[List[Step]], check_expect: bool
) -> tuple[Tally, float]:
    """All patients at once for `duration` seconds: the tally and the wall time until the last reply."""
    tally = Tally()
    async with client_session(patients) as session:
        started = time.monotonic()
        deadline = started + duration
        url = base_url + REST_PATH
        await asyncio.gather(
            *(
                replay(session, url, conversations_for(number, scenarios), deadline, tally, check_expect)
                for number in range(patients)
            )
        )
        return tally, time.monotonic() - started


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def warm_up(base_url: str, scenarios: Sequence[List[Step]]) -> None:
    """Every scenario once, one patient, not timed: first-use caches and lazy imports out of the way."""
    asyncio.run(_warm(base_url, scenarios))


async def _warm(base_url: str, scenarios: Sequence[List[Step]]) -> None:
    async with aiohttp.ClientSession() as session:
        for number, conversation in enumerate(scenarios):
            for step in conversation:
                payload = {"sender": f"warm-up-{number}-{os.getpid()}", "message": step.say}
                async with session.post(base_url + REST_PATH, json=payload) as response:
                    await response.read()


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


@dataclass
class Result:
    name: str
    tally: Tally
    seconds: float
    load_before: str
    load_after: str
    memory: processes.Memory

    @property
    def throughput(self) -> float:
        return len(self.tally.latencies_ms) / self.seconds


def measure(name: str, base_url: str, pids: Sequence[int], args: argparse.Namespace, check_expect: bool) -> Result:
    scenarios = load_scenarios(args.scenarios)
    warm_up(base_url, scenarios)
    before = load_average()
    tally, seconds = asyncio.run(run_load(base_url, args.patients, args.duration, scenarios, check_expect))
    memory = processes.memory(pids) if pids else processes.Memory(float("nan"), float("nan"))
    result = Result(name, tally, seconds, before, load_average(), memory)
    print_result(result)
    return result


def print_result(result: Result) -> None:
    tally = result.tally
    values = tally.latencies_ms
    print(
        f"{result.name}: {len(values)} messages in {result.seconds:.1f} s = {result.throughput:.1f} msg/s; "
        f"p50 {statistics.median(values):.0f} ms, p95 {percentile(values, 0.95):.0f} ms, "
        f"p99 {percentile(values, 0.99):.0f} ms, max {max(values):.0f} ms; errors {tally.errors} "
        f"(HTTP {tally.bad_status}, empty {tally.empty}, wrong answer {tally.unexpected}); "
        f"resident {result.memory.resident_mb:.0f} MB (proportional {result.memory.proportional_mb:.0f} MB)",
        flush=True,
    )
    for example in tally.unexpected_examples:
        print(f"    wrong answer: {example}")
    print(f"    before: {result.load_before}; after: {result.load_after}", flush=True)


def rasa_init_model() -> Path:
    """The trained `rasa init` bot, built once (rasa init trains it) and kept in var/bench-rasa-init."""
    models = RASA_INIT_DIR / "models"
    trained = sorted(models.glob("*.tar.gz")) if models.exists() else []
    if trained:
        return trained[-1]
    print("==> Building the `rasa init` bot once (about a minute)", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "rasa-init"
        project.mkdir()
        subprocess.run(
            [str(RASA), "init", "--no-prompt", "--init-dir", str(project)],
            check=True,
            env=dict(os.environ, RASA_TELEMETRY_ENABLED="false"),
            cwd=scratch,
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(RASA_INIT_DIR, ignore_errors=True)
        shutil.copytree(project, RASA_INIT_DIR)
    return sorted(models.glob("*.tar.gz"))[-1]


def with_rasa_init(run: Callable[[str, Sequence[int]], Result]) -> Result:
    """Start the `rasa init` bot on a free port (REST channel, no action server), run, stop it."""
    model = rasa_init_model()
    port = free_port()
    log = RASA_INIT_DIR / "rasa-server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(RASA), "run", "--model", str(model), "--port", str(port), "--interface", "127.0.0.1"],
            cwd=RASA_INIT_DIR,
            env=dict(os.environ, RASA_TELEMETRY_ENABLED="false"),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process, log)
        return run(f"http://127.0.0.1:{port}", [process.pid])
    finally:
        process.terminate()
        process.wait(timeout=30)


def with_care_finder(run: Callable[[str, Sequence[int]], Outcome], workers: int = 1) -> Outcome:
    """Start Care Finder's action server and Rasa server (tests/servers.py), run, stop them.

    With more than one Rasa worker process, a throwaway Redis holds the conversation locks and the SMS
    guards, as `make run` needs then (scripts/run-bot, deploy/endpoints.cluster.yml)."""
    with tempfile.TemporaryDirectory() as workdir, ExitStack() as stack:
        settings, endpoints = {}, REPO / "endpoints.yml"
        if workers > 1:
            settings = worker_settings(workers, stack.enter_context(throwaway_redis(Path(workdir))))
            endpoints = CLUSTER_ENDPOINTS
        bot = start_bot(Path(workdir), endpoints=endpoints, settings=settings)
        try:
            return run(bot.rasa_url, [process.pid for process in bot.processes])
        finally:
            bot.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=20, help="simulated patients at once (N)")
    parser.add_argument("--duration", type=float, default=30, help="seconds of load (D)")
    parser.add_argument("--url", help="a running Care Finder's Rasa server, e.g. http://127.0.0.1:5005")
    parser.add_argument("--no-baseline", action="store_true", help="skip the `rasa init` bot")
    parser.add_argument("--workers", type=int, default=1, help="Rasa worker processes (more than 1: with Redis)")
    parser.add_argument("--scenarios", type=Path, default=SCENARIOS)
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, {args.patients} patients for {args.duration:.0f} s each; {load_average()}")

    results: Dict[str, Result] = {}
    if not args.no_baseline:
        results["rasa init"] = with_rasa_init(lambda url, pids: measure("rasa init bot", url, pids, args, False))
    if args.url:
        results["care finder"] = measure("Care Finder", args.url.rstrip("/"), [], args, True)
    else:
        results["care finder"] = with_care_finder(
            lambda url, pids: measure(f"Care Finder, {args.workers} Rasa worker(s)", url, pids, args, True),
            args.workers,
        )
    if "rasa init" in results:
        ratio = results["care finder"].throughput / results["rasa init"].throughput
        print(f"throughput ratio Care Finder / rasa init bot: {ratio:.2f}x (target 2x)")


if __name__ == "__main__":
    main()
