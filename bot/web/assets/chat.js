// Care Finder web chat: talks to the web channel (read as REST) on the same server.
// Everything shown is set with textContent or as text nodes, never as HTML.
"use strict";
(() => {
  const MESSAGE_URL = "/webhooks/web/webhook";
  const FORGET_URL = "/webhooks/web/forget";
  const CONVERSATION_KEY = "care-finder-conversation";
  const TRANSCRIPT_KEY = "care-finder-transcript";
  const WORDING_URL = "/webhooks/web/wording.json";
  // Web addresses and phone numbers; the hotlines' short numbers come from facts.yml.
  const WEB_AND_PHONE = String.raw`https?:\/\/[^\s<>"]*[^\s<>".,;:!?)'"]|www\.[^\s<>"]*[^\s<>".,;:!?)'"]|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|gov|com|net)\b|\b(?:1-)?\d{3}-\d{3}-\d{4}\b`;
  const NUMBERED_MATCH = /^\d+\.\s/;
  let linkable = new RegExp(WEB_AND_PHONE, "gi");
  let phoneNumber = /\b(?:1-)?\d{3}-\d{3}-\d{4}\b/;
  let textLines = {};  // numbers that take texts, by dialled(): {calls, keyword: {lang: word}} (facts.yml)

  const scroller = document.querySelector(".scroller");
  const [log, form, input, sendButton, status, saveButton, results, resultsList] = [
    "log", "composer", "message", "send", "status", "save-results", "results", "results-list",
  ].map((id) => document.getElementById(id));
  const [confirmDialog, confirmQuestion, confirmYes] = ["confirm-dialog", "confirm-question", "confirm-yes"]
    .map((id) => document.getElementById(id));
  let sender = conversationId();
  let transcript = loadTranscript();  // what this tab showed: [{who, text, lang, buttons}]
  let language = "en";
  let wording = {};
  let busy = false;
  let activeChoices = null;  // the buttons of the bot's latest question, the only ones still usable
  let failure = null;  // the "try again" message of a failed send
  let pending = null;  // what the confirm dialog is asking about: "forget" or "start_over"

  // Session storage keeps the id and what was said for this tab only, until it is closed. It may be
  // blocked in a third-party frame: then both last as long as the page.
  function stored(key, value) {
    try {
      if (value === undefined) return sessionStorage.getItem(key);
      if (value === null) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, value);
    } catch (blocked) {
      return null;
    }
    return value;
  }

  // The id is 128 random bits that only this page knows: the server forgets a conversation for
  // whoever sends its id (bot/channels/web.py).
  function conversationId(fresh = false) {
    const kept = !fresh && stored(CONVERSATION_KEY);
    if (kept) return kept;
    const made = "web-" + randomHex();
    stored(CONVERSATION_KEY, made);
    return made;
  }

  function randomHex() {
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
  }

  function loadTranscript() {
    try {
      const kept = JSON.parse(stored(TRANSCRIPT_KEY) || "[]");
      return Array.isArray(kept) ? kept : [];
    } catch (unreadable) {
      return [];
    }
  }

  function saveTranscript() {
    stored(TRANSCRIPT_KEY, JSON.stringify(transcript));
  }

  function words(key) {
    return (wording[language] || {})[key] ?? (wording.en || {})[key];
  }

  function setLanguage(next) {
    language = next;
    document.documentElement.lang = next;
    for (const element of document.querySelectorAll("[data-text]")) {
      const value = words(element.dataset.text);
      if (value !== undefined) element.textContent = value;
      if (element.closest("[lang]:not(html)") && !element.matches("[data-lang]")) element.lang = next;
    }
    for (const element of document.querySelectorAll("[data-placeholder]")) {
      const value = words(element.dataset.placeholder);
      if (value !== undefined) element.placeholder = value;
    }
    for (const button of document.querySelectorAll("[data-lang]")) {
      button.setAttribute("aria-pressed", String(button.dataset.lang === next));
    }
    for (const link of document.querySelectorAll("a[data-text-to]")) {
      link.setAttribute("aria-label", `${words("text_to")} ${link.dataset.textTo}`);
    }
  }

  // "1-NXX-NXX-XXXX" and "NXX-NXX-XXXX" are one line (bot/channels/web.py: dialled).
  function dialled(number) {
    const digits = number.replace(/\D/g, "");
    return digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
  }

  function textLink(number, label, lang) {
    const anchor = document.createElement("a");
    const keyword = (textLines[dialled(number)].keyword || {})[lang] || "";
    anchor.href = "sms:" + number.replace(/\D/g, "") + (keyword ? "?body=" + encodeURIComponent(keyword) : "");
    anchor.className = "phone";
    anchor.textContent = label;
    return anchor;
  }

  // A phone number: a call link, and a text link when facts.yml says the number takes texts
  // (only the text link when it takes no calls, like 741741).
  function phoneLinks(number, lang) {
    const line = textLines[dialled(number)];
    if (line && !line.calls) return [textLink(number, number, lang)];
    const call = document.createElement("a");
    call.href = "tel:" + number.replace(/\D/g, "");
    call.className = "phone";
    call.textContent = number;
    if (!line) return [call];
    const text = textLink(number, words("text_link") || "", lang);
    text.classList.add("text-link");
    text.dataset.textTo = number;
    text.dataset.text = "text_link";
    text.setAttribute("aria-label", `${words("text_to")} ${number}`);
    return [call, " ", text];
  }

  function webLink(label) {
    const anchor = document.createElement("a");
    anchor.textContent = label;
    anchor.href = /^https?:\/\//i.test(label) ? label : "https://" + label;
    anchor.target = "_blank";
    anchor.rel = "noopener noreferrer";
    return anchor;
  }

  // A short number just before a capitalised word is part of a name ("the NNN Suicide & Crisis
  // Lifeline"), not a number to dial.
  function inAName(found, rest) {
    return /^\d{3,6}$/.test(found) && /^ \p{Lu}/u.test(rest);
  }

  function appendLinked(parent, text, lang) {
    let shown = 0;
    for (const match of text.matchAll(linkable)) {
      const found = match[0];
      if (inAName(found, text.slice(match.index + found.length))) continue;
      parent.append(text.slice(shown, match.index));
      if (/[a-z]/i.test(found)) parent.append(webLink(found));
      else parent.append(...phoneLinks(found, lang));
      shown = match.index + found.length;
    }
    parent.append(text.slice(shown));
  }

  // One message in the log, marked with the language it is written in.
  function drawMessage(who, text, lang) {
    const item = document.createElement("div");
    item.className = "msg " + who;
    item.lang = lang;
    const speaker = document.createElement("span");
    speaker.className = "visually-hidden";
    speaker.lang = language;
    if (who !== "system") {
      speaker.dataset.text = who === "user" ? "you_said" : "bot_said";
      speaker.textContent = words(speaker.dataset.text) || "";
    }
    const body = document.createElement("p");
    if (who === "user") body.textContent = text;
    else appendLinked(body, text, lang);
    item.append(speaker, " ", body);
    log.append(item);
    return item;
  }

  function drawChoices(item, buttons) {
    const group = document.createElement("div");
    group.className = "choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", words("choices_label") || "");
    for (const choice of buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = choice.title;
      button.addEventListener("click", () => send(String(choice.payload), choice.title, false));
      group.append(button);
    }
    item.append(group);
    setChoicesUsable(false);  // an earlier question's buttons no longer answer anything
    activeChoices = group;
  }

  function setChoicesUsable(usable) {
    for (const button of activeChoices ? activeChoices.querySelectorAll("button") : []) button.disabled = !usable;
  }

  function drawEntry(entry) {
    const item = drawMessage(entry.who, entry.text, entry.lang);
    if (entry.buttons && entry.buttons.length) drawChoices(item, entry.buttons);
    return item;
  }

  function redraw() {
    log.setAttribute("aria-busy", "true");
    for (const entry of transcript) drawEntry(entry);
    if (transcript.length && transcript[transcript.length - 1].who === "user") setChoicesUsable(false);
    log.setAttribute("aria-busy", "false");
    showSaveButton();
    scroller.scrollTop = scroller.scrollHeight;
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    log.setAttribute("aria-busy", String(value));
    status.textContent = value ? words("waiting") || "" : "";
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error("status " + response.status);
    return response.json();
  }

  // Send a message; the view then starts at the first message of the answer. A failed send takes
  // the message back (into the box if typed, the buttons usable again) and offers "try again",
  // which resends it with the same id: the server answers it once (bot/channels/once.py).
  async function send(message, shown, typed, messageId = randomHex()) {
    if (busy) return;
    clearFailure();
    const said = { who: "user", text: shown, lang: language };
    const item = drawMessage(said.who, said.text, said.lang);
    setChoicesUsable(false);
    if (typed) input.value = "";
    setBusy(true);
    try {
      const replies = await post(MESSAGE_URL, { sender, message, message_id: messageId, metadata: { language } });
      transcript.push(said);
      activeChoices = null;  // answered: a later failure gives back no earlier question's buttons
      let first = null;
      for (const reply of replies) {
        const entry = { who: "bot", text: String(reply.text || ""), lang: reply.lang || "en" };
        if (Array.isArray(reply.buttons) && reply.buttons.length) entry.buttons = reply.buttons;
        transcript.push(entry);
        const drawn = drawEntry(entry);
        first = first || drawn;
      }
      saveTranscript();
      showSaveButton();
      setBusy(false);
      input.focus({ preventScroll: true });
      (first || item).scrollIntoView({ block: "start" });
    } catch (failed) {
      item.remove();
      if (typed && !input.value) input.value = shown;
      setChoicesUsable(true);
      setBusy(false);
      showFailure(() => send(message, shown, typed, messageId));
      input.focus({ preventScroll: true });
    }
  }

  function showFailure(retry) {
    failure = drawMessage("system", words("error") || "", language);
    const again = document.createElement("button");
    again.type = "button";
    again.dataset.text = "try_again";
    again.textContent = words("try_again") || "";
    again.addEventListener("click", retry);
    failure.append(again);
    failure.scrollIntoView({ block: "nearest" });
  }

  function clearFailure() {
    if (failure) failure.remove();
    failure = null;
  }

  // The results a patient may keep: the matches (with the line before them), deadlines (a message
  // naming a weekday) and the messages with phone numbers. Only what the bot said, as it said it.
  function resultEntries() {
    const weekday = weekdays();
    return transcript.filter((entry, index) => {
      if (entry.who !== "bot" || (entry.buttons && entry.buttons.length)) return false;
      const next = transcript[index + 1];
      return NUMBERED_MATCH.test(entry.text) || (next && next.who === "bot" && NUMBERED_MATCH.test(next.text) && !NUMBERED_MATCH.test(entry.text))
        || weekday.test(entry.text) || phoneNumber.test(entry.text);
    });
  }

  function weekdays() {
    const names = [];
    for (const lang of ["en", "es"]) {
      const format = new Intl.DateTimeFormat(lang, { weekday: "long", timeZone: "UTC" });
      for (let day = 0; day < 7; day++) names.push(format.format(new Date(Date.UTC(2024, 0, 7 + day))));
    }
    return new RegExp(`(?<!\\p{L})(?:${names.join("|")})(?!\\p{L})`, "iu");
  }

  function showSaveButton() {
    const weekday = weekdays();
    saveButton.hidden = !transcript.some((entry) => entry.who === "bot" && (NUMBERED_MATCH.test(entry.text) || weekday.test(entry.text)));
  }

  function openResults() {
    resultsList.replaceChildren();
    for (const entry of resultEntries()) {
      const paragraph = document.createElement("p");
      paragraph.lang = entry.lang;
      appendLinked(paragraph, entry.text, entry.lang);
      resultsList.append(paragraph);
    }
    document.body.classList.add("showing-results");
    results.hidden = false;
    results.querySelector("h2").focus();
  }

  function closeResults() {
    document.body.classList.remove("showing-results");
    results.hidden = true;
    saveButton.focus();
  }

  function downloadResults() {
    const lines = [words("results_title"), words("results_note"), ...resultEntries().map((entry) => entry.text)];
    const file = new Blob([lines.join("\n\n") + "\n"], { type: "text/plain;charset=utf-8" });
    const anchor = document.createElement("a");
    anchor.href = URL.createObjectURL(file);
    anchor.download = words("download_name") || "care-finder-results.txt";
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(anchor.href), 1000);
  }

  // Both sides cleared: the server deletes the conversation, the page forgets what it showed and
  // takes a new id for the next message.
  async function clearConversation(done) {
    setBusy(true);
    try {
      await post(FORGET_URL, { sender });
      for (const item of log.querySelectorAll(".msg")) item.remove();
      transcript = [];
      stored(TRANSCRIPT_KEY, null);
      activeChoices = null;
      failure = null;
      sender = conversationId(true);
      showSaveButton();
      setBusy(false);
      status.textContent = words(done) || "";
    } catch (failed) {
      setBusy(false);
      drawMessage("system", words("forget_error") || "", language);
    }
    input.focus();
  }

  function confirm(action, question, yes, opener) {
    if (busy) return;
    pending = { action, opener };
    confirmQuestion.dataset.text = question;
    confirmQuestion.textContent = words(question) || "";
    confirmYes.dataset.text = yes;
    confirmYes.textContent = words(yes) || "";
    confirmDialog.returnValue = "";  // else Escape would repeat the last answer
    confirmDialog.showModal();
  }

  confirmDialog.addEventListener("close", () => {
    if (confirmDialog.returnValue === "yes") clearConversation(pending.action);
    else pending.opener.focus();
  });
  document.getElementById("forget").addEventListener("click", (event) =>
    confirm("forgotten", "forget_question", "forget_yes", event.currentTarget));
  document.getElementById("start-over").addEventListener("click", (event) =>
    confirm("started_over", "start_over_question", "start_over_yes", event.currentTarget));
  saveButton.addEventListener("click", openResults);
  document.getElementById("close-results").addEventListener("click", closeResults);
  document.getElementById("print-results").addEventListener("click", () => window.print());
  document.getElementById("download-results").addEventListener("click", downloadResults);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text && !busy) send(text, text, true);
  });
  for (const button of document.querySelectorAll("[data-lang]")) {
    // The switch changes the page's words and tells the bot, which answers in that language from then on.
    button.addEventListener("click", () => {
      const next = button.dataset.lang;
      if (next === language) return;
      setLanguage(next);
      send(`/switch_language{"language":"${next}"}`, button.textContent, false);
    });
  }
  fetch(WORDING_URL)
    .then((response) => (response.ok ? response.json() : {}))
    .then((loaded) => {
      wording = loaded.languages || {};
      textLines = loaded.texts || {};
      const hotlines = (loaded.phones || []).map((number) => number.replace(/[^\d-]/g, "")).filter(Boolean);
      if (hotlines.length) {
        const numbers = String.raw`\b(?:1-)?\d{3}-\d{3}-\d{4}\b|\b(?:` + hotlines.join("|") + String.raw`)\b`;
        linkable = new RegExp(WEB_AND_PHONE + "|" + numbers, "gi");
        phoneNumber = new RegExp(numbers);
      }
      setLanguage(language);
    })
    .catch(() => {})
    .finally(redraw);
})();
