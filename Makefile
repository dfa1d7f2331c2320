# Care Finder. `make run` starts the bot; `make test` runs every test. Both set everything up
# from a fresh clone and redo nothing that is already up to date.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV        := .venv
BIN         := $(VENV)/bin
PY          := $(BIN)/python
RASA        := $(BIN)/rasa
MODEL       := models/care-finder.tar.gz
DIRECTORY   := var/directory.db
PYTHON310   ?= $(shell scripts/find-python310)

# Settings from .env (see .env.example), if the deploying organisation made one.
ifneq (,$(wildcard .env))
include .env
export $(shell sed -n 's/^\([A-Z_][A-Z0-9_]*\)=.*/\1/p' .env)
endif

export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 3

CRISIS_DOMAIN := bot/domain/crisis.yml
RESPONSES_DOMAIN := bot/domain/responses.yml
TRAINING_INPUTS := config.yml $(shell find bot/domain data bot/nlu bot/dialogue -name '*.yml' -o -name '*.py' 2>/dev/null) \
                   $(CRISIS_DOMAIN) $(RESPONSES_DOMAIN) bot/textclean.py


.PHONY: run test lint shell install train directory validate bench bench-load evaluate evaluate-safety lock clean FORCE

## Set-up ---------------------------------------------------------------------------------------
$(VENV)/.installed: requirements.lock
	@test -n "$(PYTHON310)" || { scripts/find-python310; exit 1; }
	@echo "==> Creating $(VENV) with $(PYTHON310)"
	$(PYTHON310) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

install: $(VENV)/.installed

# The crisis replies are domain responses written from facts.yml (bot/rights/crisis_domain.py).
$(CRISIS_DOMAIN): $(VENV)/.installed bot/content/facts.yml bot/rights/crisis_domain.py
	$(PY) -m bot.rights.crisis_domain

# The replies rules speak are domain responses written from the message catalog (bot/catalog_domain.py).
$(RESPONSES_DOMAIN): $(VENV)/.installed bot/content/catalog.yml bot/catalog.py bot/catalog_domain.py
	$(PY) -m bot.catalog_domain

$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	@echo "==> Training the model (training data changed)"
	$(RASA) train --domain bot/domain --config config.yml --data data --out models \
	    --fixed-model-name care-finder --quiet
	@touch $@

train: $(MODEL)

# Rebuilt when its sources changed, and whatever the dates say when the file is missing or holds no
# service (scripts/directory-has-services). `build` migrates the schema and (re)loads the seed and the
# Southern California extract of SAMHSA's 2022 directory (issue 13).
$(DIRECTORY): $(VENV)/.installed $(shell find providers -name '*.py') providers/seed/resources.csv providers/seed/samhsa-socal-mh-2022.csv \
              $(shell scripts/directory-has-services $(DIRECTORY) || echo FORCE)
	@echo "==> Building the care directory ($(DIRECTORY))"
	$(PY) -m providers build
	@touch $@

directory: $(DIRECTORY)

FORCE:

## The two commands ------------------------------------------------------------------------------
run: $(MODEL) $(DIRECTORY)
	@scripts/run-bot

test: lint $(MODEL) $(DIRECTORY)
	$(PY) -m pytest tests

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Staff and maintainer targets ------------------------------------------------------------------
shell: $(MODEL) $(DIRECTORY)
	@scripts/run-bot shell

validate: $(VENV)/.installed
	$(RASA) data validate --domain bot/domain --config config.yml --data data --fail-on-warnings

bench: $(MODEL) $(DIRECTORY)
	$(PY) bench/turn_latency.py
	$(PY) bench/safety_latency.py
	$(PY) bench/directory_search.py --sizes 1000,10000,100000

# N simulated patients for D seconds, Care Finder and the `rasa init` bot in one run (bench/load.py):
# make bench-load PATIENTS=20 DURATION=30; LOAD_ARGS="--url http://127.0.0.1:5005" uses a running bot.
PATIENTS ?= 20
DURATION ?= 30
bench-load: $(MODEL) $(DIRECTORY)
	$(PY) bench/load.py --patients $(PATIENTS) --duration $(DURATION) $(LOAD_ARGS)

evaluate-safety: $(VENV)/.installed
	$(PY) -m bot.safety.evaluate --write docs/safety-evaluation.md

evaluate: $(VENV)/.installed
	$(RASA) test nlu --nlu data/nlu --config config.yml --cross-validation --folds 5 --out results/nlu-cv
	$(PY) scripts/nlu_cv_by_language.py results/nlu-cv

lock:
	@rm -rf .lock-venv && $(PYTHON310) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	.lock-venv/bin/pip freeze --exclude-editable | sort -f > requirements.lock
	@rm -rf .lock-venv

clean:
	rm -rf models var results .pytest_cache
