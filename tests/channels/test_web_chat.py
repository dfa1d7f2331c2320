"""The web chat page, served by the running Rasa server, driven in Debian's chromium."""

import json
import shutil
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator, List

import pytest

from tests.channels.conftest import recorded_user_metadata
from tests.privacy.kept import kept_rows
from tests.servers import RunningBot

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
sync_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed (.ci/run installs it)")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def test_the_page_is_served_with_a_strict_content_security_policy(channels_bot: RunningBot):
    with urllib.request.urlopen(f"{channels_bot.rasa_url}/webhooks/web/", timeout=10) as response:
        page = response.read().decode()
        policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    assert "In crisis? Call or text 988" in page and 'href="tel:988"' in page


@pytest.fixture
def chat(channels_bot: RunningBot, tmp_path: Path) -> Iterator["sync_api.Page"]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(  # a fresh profile each test
            tmp_path / "profile",
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 390, "height": 844},  # a phone
        )
        page = browser.new_page()
        page.console_errors = []  # type: ignore[attr-defined]
        page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        page.goto(f"{channels_bot.rasa_url}/webhooks/web/")
        yield page
        browser.close()


def send(page: "sync_api.Page", text: str) -> None:
    answered(page, lambda: (page.locator("#message").fill(text), page.keyboard.press("Enter")))


def answered(page: "sync_api.Page", act: Callable[[], object]) -> None:
    """Do `act`, then wait for the bot's answer (the page's CSP forbids wait_for_function)."""
    before = page.locator(".msg.bot").count()
    act()
    page.locator(".msg.bot").nth(before).wait_for()
    page.wait_for_selector("#send:not([disabled])")


def bot_texts(page: "sync_api.Page") -> List[str]:
    return page.locator(".msg.bot p").all_inner_texts()


def test_a_patient_gets_to_a_list_of_resources_and_uses_the_buttons(chat, tmp_path: Path):
    crisis = chat.get_by_role("link", name="In crisis? Call or text 988")
    assert crisis.is_visible() and crisis.get_attribute("href") == "tel:988"
    send(chat, "Hi")
    assert "not a clinician or a lawyer" in bot_texts(chat)[0]
    assert chat.locator(".msg.bot a[href='tel:988']").first.is_visible()  # hotlines are links
    send(chat, "Kaiser canceled my postpartum group last week")
    answered(chat, chat.get_by_role("button", name="Not sure").last.click)
    send(chat, "91367")
    texts = "\n".join(bot_texts(chat))
    assert "Here are the best matches near Woodland Hills" in texts
    assert chat.get_by_role("link", name="1-888-466-2219").get_attribute("href") == "tel:18884662219"
    answered(chat, chat.get_by_role("button", name="Free").click)
    assert chat.locator(".msg.user p").last.inner_text() == "Free"
    assert chat.evaluate("document.activeElement.id") == "message"  # focus back in the input
    assert crisis.is_visible()  # still there after a long list
    chat.screenshot(path=str(tmp_path / "web-chat.png"))
    assert (tmp_path / "web-chat.png").stat().st_size > 0
    assert chat.console_errors == []


def test_script_tags_are_shown_as_text(chat):
    send(chat, "<script>window.hacked = 1</script><img src=x onerror=window.hacked=2>")
    assert chat.locator(".msg.user p").last.inner_text().startswith("<script>")
    assert chat.evaluate("window.hacked") is None
    assert chat.locator(".log script, .log img").count() == 0
    assert chat.console_errors == []


def test_the_spanish_switch_translates_the_page_and_tells_rasa(chat, channels_bot: RunningBot):
    chat.get_by_role("button", name="Español").click()
    assert chat.get_by_role("button", name="Español").get_attribute("aria-pressed") == "true"
    assert chat.evaluate("document.documentElement.lang") == "es"
    assert chat.get_by_role("link", name="¿En crisis? Llame o envíe un texto al 988").is_visible()
    assert chat.get_by_label("Su mensaje").is_visible()
    send(chat, "Hola")
    sender = chat.evaluate("sessionStorage.getItem('care-finder-conversation')")
    assert recorded_user_metadata(channels_bot, sender)[-1]["language"] == "es"
    assert chat.console_errors == []


def test_keyboard_only_a_patient_can_type_send_and_pick_a_choice(chat):
    chat.keyboard.press("Tab")  # English
    chat.keyboard.press("Tab")  # Español
    chat.keyboard.press("Tab")  # crisis line
    chat.keyboard.press("Tab")  # the message box
    assert chat.evaluate("document.activeElement.id") == "message"
    chat.keyboard.type("Hi")
    chat.keyboard.press("Enter")
    chat.wait_for_selector(".msg.bot .choices button")
    chat.wait_for_selector("#send:not([disabled])")
    assert chat.locator("#log").get_attribute("aria-live") == "polite"
    chat.keyboard.press("Shift+Tab")  # back from the input to the last choice
    assert chat.evaluate("document.activeElement.textContent") == "Something else"


def test_forget_this_conversation_deletes_it_on_the_server_and_clears_the_page(chat, channels_bot: RunningBot):
    send(chat, "Hi")
    send(chat, "Kaiser canceled my postpartum group last week")
    old_sender = chat.evaluate("sessionStorage.getItem('care-finder-conversation')")
    assert kept_rows(channels_bot.conversations_url, old_sender) > 0
    shown = chat.locator(".msg").count()

    forget = chat.get_by_role("button", name="Forget this conversation")
    assert forget.bounding_box()["height"] >= 44
    forget.focus()
    chat.keyboard.press("Enter")
    dialog = chat.get_by_role("dialog")
    assert "can't be recovered" in dialog.inner_text()
    chat.keyboard.press("Escape")  # changed their mind: nothing happens
    assert kept_rows(channels_bot.conversations_url, old_sender) > 0 and chat.locator(".msg").count() == shown

    forget.click()
    dialog.get_by_role("button", name="Yes, forget it").click()
    chat.get_by_text("This conversation was deleted.").wait_for()
    assert chat.locator(".msg").count() == 0
    assert kept_rows(channels_bot.conversations_url, old_sender) == 0
    new_sender = chat.evaluate("sessionStorage.getItem('care-finder-conversation')")
    assert new_sender != old_sender and new_sender.startswith("web-")

    send(chat, "Hi")  # a fresh conversation, under the new id only
    assert "not a clinician or a lawyer" in bot_texts(chat)[0]
    assert kept_rows(channels_bot.conversations_url, old_sender) == 0
    assert kept_rows(channels_bot.conversations_url, new_sender) > 0
    forget.click()
    chat.keyboard.press("Escape")  # a second change of mind is no "yes" either
    assert kept_rows(channels_bot.conversations_url, new_sender) > 0 and chat.locator(".msg").count() > 0
    assert chat.console_errors == []


def test_the_forget_control_speaks_spanish(chat):
    chat.get_by_role("button", name="Español").click()
    chat.get_by_role("button", name="Olvidar esta conversación").click()
    assert chat.get_by_role("dialog").get_by_role("button", name="No, conservarla").is_visible()


@pytest.mark.parametrize("sender", ["rest-patient-1", "web-123", None, "web-" + "A" * 32])
def test_the_server_forgets_only_a_conversation_id_the_page_makes(channels_bot: RunningBot, sender):
    channels_bot.chat("rest-patient-1", "Hi")
    request = urllib.request.Request(
        f"{channels_bot.rasa_url}/webhooks/web/forget", json.dumps({"sender": sender}).encode(), method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 400
    assert kept_rows(channels_bot.conversations_url, "rest-patient-1") > 0
