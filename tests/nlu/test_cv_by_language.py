"""scripts/nlu_cv_by_language.py: Rasa's cross-validation misses, counted per language."""

import json
import subprocess
import sys
from pathlib import Path

from bot.nlu.language import NLU_DATA, SPANISH_DATA, training_examples

REPO = Path(__file__).resolve().parents[2]


def test_each_miss_is_counted_in_the_language_of_its_example(tmp_path: Path) -> None:
    english, spanish = training_examples(NLU_DATA), training_examples(SPANISH_DATA)
    missed = [english[0], spanish[0], spanish[1]]
    (tmp_path / "intent_errors.json").write_text(json.dumps([{"text": text} for text in missed]), encoding="utf-8")
    printed = subprocess.run(
        [sys.executable, "scripts/nlu_cv_by_language.py", str(tmp_path)],
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert printed[0].startswith(f"en: {len(set(english))} examples, 1 missed")
    assert printed[1].startswith(f"es: {len(set(spanish))} examples, 2 missed")
