"""Settings for the whole test run."""

import os


def pytest_configure(config) -> None:
    """No test needs the internet: a deployment's .env (which `make test` reads) may turn the online
    geocoder on; the tests, and the servers the end-to-end tests start, run with it off. The geocoder's
    own tests turn it on against a local stand-in (tests/directory/fake_nominatim.py)."""
    for name in ("CARE_FINDER_GEOCODER", "CARE_FINDER_GEOCODER_USER_AGENT", "CARE_FINDER_GEOCODER_URL"):
        os.environ.pop(name, None)
