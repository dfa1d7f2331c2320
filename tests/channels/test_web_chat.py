"""The web chat page, served by the running Rasa server, driven in Debian's chromium."""

import json
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator, List

import pytest

from bot.channels.web import dialled, security_headers, text_lines
from bot.network import NetworkConfigurationError, frame_origins
from tests.channels.conftest import recorded_slots, recorded_user_metadata
from tests.privacy.kept import kept_rows
from tests.servers import REPO, RunningBot

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
sync_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed (.ci/run installs it)")
Axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed").Axe
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def test_every_response_of_the_page_carries_the_security_headers(channels_bot: RunningBot):
    bodies = {}
    for path in ("", "assets/chat.js", "assets/chat.css", "assets/favicon.svg", "wording.json"):
        with urllib.request.urlopen(f"{channels_bot.rasa_url}/webhooks/web/{path}", timeout=10) as response:
            bodies[path] = response.read().decode()
            policy = response.headers["Content-Security-Policy"] or ""
            assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert "default-src 'self'" in policy and "unsafe-inline" not in policy, path
        assert policy.endswith("frame-ancestors 'self'"), path  # no other site may frame it by default
    assert 'href="tel:988"' in bodies[""] and 'href="sms:988"' in bodies[""]
    assert "741741" in json.loads(bodies["wording.json"])["texts"]  # the numbers that take texts (facts.yml)


def test_the_sites_that_may_frame_the_page_are_a_setting():
    community = frame_origins({"CARE_FINDER_FRAME_ORIGINS": "https://community.example.org/, https://211.example.org"})
    assert security_headers(community)["Content-Security-Policy"].endswith(
        "frame-ancestors 'self' https://community.example.org https://211.example.org"
    )
    with pytest.raises(NetworkConfigurationError, match="CARE_FINDER_FRAME_ORIGINS"):
        frame_origins({"CARE_FINDER_FRAME_ORIGINS": "*"})


def test_which_numbers_take_texts_comes_from_facts_yml():
    lines = text_lines()
    assert lines["741741"] == {"calls": False, "keyword": {"en": "HOME", "es": "AYUDA"}}  # texts only
    assert lines["988"]["calls"] and lines[dialled("1-833-852-6262")]["calls"]  # calls and texts
    assert dialled("911") not in lines and dialled("1-888-466-2219") not in lines  # calls only


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = REPO / "test-output" / "web"  # kept after the run (git-ignored)


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
            viewport=PHONE,
            accept_downloads=True,
        )
        page = browser.new_page()
        page.console_errors = []  # type: ignore[attr-defined]
        page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        page.goto(f"{channels_bot.rasa_url}/webhooks/web/")
        page.wait_for_load_state("networkidle")  # wording.json read
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


def screenshot(page: "sync_api.Page", name: str, full_page: bool = False) -> None:
    """What the patient sees (or the whole page) as a PNG under test-output/web/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
    assert (SCREENSHOTS / f"{name}.png").stat().st_size > 0


def assert_accessible(page: "sync_api.Page") -> None:
    """axe-core (as shipped by axe-playwright-python) finds no violation of any impact."""
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def to_the_matches(page: "sync_api.Page") -> None:
    """A patient whose postpartum group was canceled, not sure of the plan, near 91367."""
    send(page, "Hi")
    send(page, "Kaiser canceled my postpartum group last week")
    answered(page, page.get_by_role("button", name="Not sure").last.click)
    send(page, "91367")


def test_a_patient_gets_to_a_list_of_resources_and_uses_the_buttons(chat):
    assert chat.get_by_role("link", name="Call 988").get_attribute("href") == "tel:988"
    assert chat.get_by_role("link", name="Text 988").get_attribute("href") == "sms:988"
    send(chat, "Hi")
    assert "not a clinician or a lawyer" in bot_texts(chat)[0]
    assert chat.locator(".msg.bot a[href='tel:988']").first.is_visible()  # hotlines are links
    to_the_matches(chat)
    texts = "\n".join(bot_texts(chat))
    assert "Here are the best matches near Woodland Hills" in texts
    sync_api.expect(chat.locator(".msg.bot", has_text="1. ").first).to_be_in_viewport()  # no scrolling up
    sync_api.expect(chat.get_by_role("link", name="Call 988")).to_be_in_viewport()  # the crisis line stays on screen
    screenshot(chat, "phone-matches")
    call = chat.get_by_role("link", name="1-888-466-2219")
    assert call.get_attribute("href") == "tel:18884662219"
    box = call.bounding_box()
    assert box["height"] >= 44 and box["width"] > 100  # a finger-sized target, the number on one line
    assert chat.locator(".choices button:not([disabled])").count() == 5  # only the latest question's
    answered(chat, chat.get_by_role("button", name="Free").click)
    assert chat.locator(".msg.user p").last.inner_text() == "Free"
    assert chat.evaluate("document.activeElement.id") == "message"  # focus back in the input
    assert chat.get_by_role("link", name="Call 988").is_visible()  # still there after a long list
    assert_accessible(chat)
    assert chat.console_errors == []


def test_numbers_that_take_texts_get_a_text_link(chat):
    send(chat, "I want to end my life")
    reply = chat.locator(".msg.bot").last
    assert "741741" in reply.inner_text()
    assert reply.get_by_role("link", name="741741").get_attribute("href") == "sms:741741?body=HOME"
    assert reply.get_by_role("link", name="988", exact=True).get_attribute("href") == "tel:988"  # the
    # number to dial; the one in "the 988 Suicide & Crisis Lifeline" is a name's, not a link
    assert reply.get_by_role("link", name="Send a text to 988").first.get_attribute("href") == "sms:988"
    maternal = reply.get_by_role("link", name="Send a text to 1-833-852-6262")
    assert maternal.get_attribute("href") == "sms:18338526262"
    assert reply.get_by_role("link", name="911").get_attribute("href") == "tel:911"  # no texts in facts.yml
    assert reply.get_by_role("link", name="Send a text to 911").count() == 0
    screenshot(chat, "phone-crisis-text-links")
    assert_accessible(chat)


def test_a_failed_send_keeps_the_text_and_try_again_sends_it(chat, channels_bot: RunningBot):
    send(chat, "Hi")
    channels_bot.stop()
    try:
        chat.locator("#message").fill("Kaiser canceled my postpartum group last week")
        chat.keyboard.press("Enter")
        again = chat.get_by_role("button", name="Try again")
        again.wait_for()
        assert chat.locator("#message").input_value() == "Kaiser canceled my postpartum group last week"
        assert chat.locator(".msg.user").count() == 1  # the unsent message is back in the box
        assert chat.locator(".choices button:not([disabled])").count() == 7  # still usable
        screenshot(chat, "phone-failed-send")
    finally:
        channels_bot.restart(same_ports=True)
    answered(chat, again.click)
    assert "How are you covered?" in bot_texts(chat)[-1]
    assert chat.locator("#message").input_value() == ""
    assert chat.get_by_role("button", name="Try again").count() == 0
    assert chat.console_errors == [] or all("Failed to load" in error for error in chat.console_errors)


def test_a_reload_redraws_the_conversation_and_start_over_clears_both_sides(chat, channels_bot: RunningBot):
    send(chat, "Hi")
    send(chat, "Kaiser canceled my postpartum group last week")
    before = chat.locator(".msg").all_inner_texts()
    sender = chat.evaluate("sessionStorage.getItem('care-finder-conversation')")
    chat.reload()
    chat.get_by_role("button", name="Not sure").wait_for()
    assert chat.locator(".msg").all_inner_texts() == before
    assert chat.get_by_role("button", name="Not sure").is_enabled()  # the latest question still answers
    assert chat.locator(".choices").first.get_by_role("button", name="Individual therapy").is_disabled()
    answered(chat, chat.get_by_role("button", name="Not sure").click)  # the bot remembers too
    assert "by Wednesday, December 2" in "\n".join(bot_texts(chat))

    chat.get_by_role("button", name="Start over").click()
    dialog = chat.get_by_role("dialog")
    assert "Start over?" in dialog.inner_text()
    dialog.get_by_role("button", name="Yes, start over").click()
    chat.get_by_text("You can start a new conversation.").wait_for()
    assert chat.locator(".msg").count() == 0
    assert kept_rows(channels_bot.conversations_url, sender) == 0
    chat.reload()
    chat.wait_for_load_state("networkidle")
    assert chat.locator(".msg").count() == 0
    assert chat.evaluate("sessionStorage.getItem('care-finder-conversation')") != sender


def test_the_results_can_be_saved_or_printed(chat, tmp_path: Path):
    assert chat.get_by_role("button", name="Save or print these results").is_hidden()
    to_the_matches(chat)
    log = chat.locator("#log").inner_text().split("\n")
    shown = [line for line in log if re.match(r"^[123]\. ", line)]  # the three matches' first lines
    assert len(shown) == 3
    chat.get_by_role("button", name="Save or print these results").click()
    results = chat.get_by_role("region", name="Your results from Care Finder")
    text = results.inner_text()
    for match in shown:
        assert match in text
    assert "1-833-852-6262" in text and "1-888-466-2219" in text  # the maternal hotline, the DMHC Help Center
    assert "by Wednesday, December 2" in text  # the deadline
    assert "Want me to narrow it down" not in text and "How are you covered" not in text  # no questions
    assert chat.locator(".composer").is_hidden() and chat.locator("#log").is_hidden()
    assert_accessible(chat)
    with chat.expect_download() as download:
        results.get_by_role("button", name="Download as text").click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert shown[2] in saved and "1-833-852-6262" in saved
    assert "Kaiser canceled" not in saved  # nothing the patient wrote
    chat.emulate_media(media="print")
    assert results.get_by_role("button", name="Print").is_hidden()  # the printout: results only
    assert chat.get_by_role("link", name="Call 988").is_hidden()
    screenshot(chat, "phone-results-print", full_page=True)
    chat.emulate_media(media="screen")
    results.get_by_role("button", name="Back to the conversation").click()
    assert chat.locator(".composer").is_visible()


def test_desktop_and_200_percent_zoom_on_a_phone(chat):
    to_the_matches(chat)
    chat.set_viewport_size(DESKTOP)
    screenshot(chat, "desktop-matches")
    assert_accessible(chat)
    chat.set_viewport_size({"width": PHONE["width"] // 2, "height": PHONE["height"] // 2})  # 200% zoom
    overflow = chat.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0  # nothing to scroll sideways
    chat.locator("#message").scroll_into_view_if_needed()
    assert chat.locator("#send").is_visible()
    send(chat, "Free")
    screenshot(chat, "phone-200-percent")
    assert_accessible(chat)
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
    assert chat.get_by_role("link", name="Llame al 988").is_visible()
    assert chat.get_by_label("Su mensaje").is_visible()
    chat.wait_for_selector(".msg.bot")  # the bot confirms the switch
    sender = chat.evaluate("sessionStorage.getItem('care-finder-conversation')")
    assert recorded_slots(channels_bot, sender)["language"] == "es"
    send(chat, "Hola")
    assert recorded_user_metadata(channels_bot, sender)[-1]["language"] == "es"
    # Each message says its language: the patient's as written with the page in Spanish, the bot's
    # as the conversation's language, for the screen reader's voice.
    assert chat.locator(".msg.user").last.get_attribute("lang") == "es"
    assert {item.get_attribute("lang") for item in chat.locator(".msg.bot").all()} == {"es"}
    assert_accessible(chat)
    assert chat.console_errors == []


def test_keyboard_only_a_patient_can_type_send_and_pick_a_choice(chat):
    chat.keyboard.press("Tab")  # English
    chat.keyboard.press("Tab")  # Español
    chat.keyboard.press("Tab")  # call 988
    chat.keyboard.press("Tab")  # text 988
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
