"""Several Rasa worker processes on one port (RASA_WORKERS in scripts/run-bot), sharing Redis for the
conversations' locks: patients talking at once each keep their own conversation, whichever worker
takes each message."""

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import List

from bench.processes import process_tree
from tests.servers import CLUSTER_ENDPOINTS, REPO, numbered_matches, start_bot, worker_settings

PATIENTS = 12


def test_more_than_one_worker_without_redis_is_refused_with_the_setting_to_give() -> None:
    finished = subprocess.run(
        ["scripts/run-bot"], cwd=REPO, env={"PATH": "/usr/bin:/bin", "RASA_WORKERS": "2"}, capture_output=True
    )
    assert finished.returncode == 2
    assert "needs Redis: set REDIS_HOST" in finished.stderr.decode()


def test_patients_talking_at_once_to_two_workers_each_keep_their_conversation(
    redis_server: str, tmp_path: Path
) -> None:
    bot = start_bot(tmp_path, endpoints=CLUSTER_ENDPOINTS, settings=worker_settings(2, redis_server))
    try:
        assert len(process_tree(bot.processes[1].pid)) >= 3  # the main process and its two workers

        def conversation(number: int) -> List[str]:
            sender = f"workers-{number}"
            care = ("my therapy was canceled", "my postpartum group was canceled")[number % 2]
            answers = [bot.say(sender, message) for message in (care, "not sure", "not sure")]
            answers.append("\n".join(numbered_matches(bot.chat(sender, "91367"))))
            return answers

        with ThreadPoolExecutor(PATIENTS) as pool:
            conversations = list(pool.map(conversation, range(PATIENTS)))
    finally:
        bot.stop()
    for answers in conversations:
        assert "Where are you" in answers[2]
        assert answers[3].startswith("1. ")
    assert {answers[3] for answers in conversations[0::2]} == {conversations[0][3]}  # therapy: same matches
    assert {answers[3] for answers in conversations[1::2]} == {conversations[1][3]}  # postpartum: same matches
    assert conversations[0][3] != conversations[1][3]  # each worker read that conversation's own care type
