"""Intent accuracy per language from Rasa's cross-validation (`make evaluate`: `rasa test nlu
--cross-validation --folds 5`), which reports one figure for English and Spanish together.

    .venv/bin/python scripts/nlu_cv_by_language.py results/nlu-cv

Every training example is tested once, in the fold that left it out; Rasa lists the misses in
`intent_errors.json`. The examples of data/nlu/ are English, those of data/nlu/es/ Spanish (as the
language detector learns them, bot/nlu/language.py). Prints, per language, examples, misses and
accuracy. Results go in docs/nlu-evaluation.md.
"""

import json
import sys
from pathlib import Path

from bot.nlu.language import NLU_DATA, SPANISH_DATA, training_examples


def main() -> None:
    results = Path(sys.argv[1] if len(sys.argv) > 1 else "results/nlu-cv")
    missed = {error["text"] for error in json.loads((results / "intent_errors.json").read_text(encoding="utf-8"))}
    for language, folder in (("en", NLU_DATA), ("es", SPANISH_DATA)):
        examples = set(training_examples(folder))
        wrong = len(examples & missed)
        print(f"{language}: {len(examples)} examples, {wrong} missed, accuracy {1 - wrong / len(examples):.3f}")


if __name__ == "__main__":
    main()
