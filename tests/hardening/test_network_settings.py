"""bot/network.py: listening addresses and CORS origins from the environment."""

import pytest

from bot.network import NetworkConfigurationError, action_host, cors_origins, rasa_host, rasa_network_args


def test_both_servers_listen_on_loopback_by_default() -> None:
    assert rasa_host({}) == action_host({}) == "127.0.0.1"
    assert rasa_network_args({}) == ["--interface", "127.0.0.1"]  # no --cors: same origin only


def test_addresses_are_settings() -> None:
    env = {"CARE_FINDER_HOST": "10.0.0.5", "ACTION_HOST": "10.0.0.6"}
    assert (rasa_host(env), action_host(env)) == ("10.0.0.5", "10.0.0.6")


def test_listed_origins_become_cors_arguments() -> None:
    env = {"CARE_FINDER_CORS_ORIGINS": " https://a.example.org, http://localhost:8080/ ,"}
    assert cors_origins(env) == ["https://a.example.org", "http://localhost:8080"]
    assert rasa_network_args(env)[2:] == ["--cors", "https://a.example.org", "http://localhost:8080"]


@pytest.mark.parametrize("origin", ["*", "https://*.example.org", "example.org", "https://a.example.org/chat?x"])
def test_anything_but_a_whole_origin_is_refused(origin: str) -> None:
    with pytest.raises(NetworkConfigurationError):
        cors_origins({"CARE_FINDER_CORS_ORIGINS": origin})
