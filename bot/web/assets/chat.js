// Care Finder web chat: talks to the web channel (read as REST) on the same server.
// Everything shown is set with textContent or as text nodes, never as HTML.
"use strict";
(() => {
  const MESSAGE_URL = "/webhooks/web/webhook";
  const FORGET_URL = "/webhooks/web/forget";
  const CONVERSATION_KEY = "care-finder-conversation";
  const WORDING_URL = "/webhooks/web/wording.json";
  // Web addresses and phone numbers; the hotlines' short numbers come from facts.yml.
  const WEB_AND_PHONE = String.raw`https?:\/\/[^\s<>"]*[^\s<>".,;:!?)'"]|www\.[^\s<>"]*[^\s<>".,;:!?)'"]|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|gov|com|net)\b|\b(?:1-)?\d{3}-\d{3}-\d{4}\b`;
  let linkable = new RegExp(WEB_AND_PHONE, "gi");

  const scroller = document.querySelector(".chat");
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const sendButton = document.getElementById("send");
  const status = document.getElementById("status");
  const forgetButton = document.getElementById("forget");
  const forgetDialog = document.getElementById("forget-dialog");
  let sender = conversationId();
  let language = "en";
  let wording = {};
  let busy = false;

  // The id is 128 random bits that only this page knows: the server forgets a conversation for
  // whoever sends its id (bot/channels/web.py).
  function conversationId(fresh = false) {
    const made = "web-" + Array.from(crypto.getRandomValues(new Uint8Array(16)),
      (byte) => byte.toString(16).padStart(2, "0")).join("");
    try {  // storage may be blocked in a third-party frame: then the id lasts as long as the page
      const kept = (!fresh && sessionStorage.getItem(CONVERSATION_KEY)) || made;
      sessionStorage.setItem(CONVERSATION_KEY, kept);
      return kept;
    } catch (blocked) {
      return made;
    }
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
    }
    for (const element of document.querySelectorAll("[data-placeholder]")) {
      const value = words(element.dataset.placeholder);
      if (value !== undefined) element.placeholder = value;
    }
    for (const button of document.querySelectorAll("[data-lang]")) {
      button.setAttribute("aria-pressed", String(button.dataset.lang === next));
    }
  }

  function link(label) {
    const anchor = document.createElement("a");
    anchor.textContent = label;
    if (/^https?:\/\//i.test(label)) anchor.href = label;
    else if (/[a-z]/i.test(label)) anchor.href = "https://" + label;
    else anchor.href = "tel:" + label.replace(/\D/g, "");
    if (anchor.protocol !== "tel:") {
      anchor.target = "_blank";
      anchor.rel = "noopener noreferrer";
    }
    return anchor;
  }

  function appendLinked(parent, text) {
    let shown = 0;
    for (const match of text.matchAll(linkable)) {
      parent.append(text.slice(shown, match.index), link(match[0]));
      shown = match.index + match[0].length;
    }
    parent.append(text.slice(shown));
  }

  function addMessage(who, text) {
    const item = document.createElement("div");
    item.className = "msg " + who;
    const speaker = document.createElement("span");
    speaker.className = "visually-hidden";
    speaker.textContent = (words(who === "user" ? "you_said" : "bot_said") || "") + " ";
    const body = document.createElement("p");
    if (who === "user") body.textContent = text;
    else appendLinked(body, text);
    item.append(speaker, body);
    log.append(item);
    scrollToEnd();
    return item;
  }

  function addChoices(item, buttons) {
    const group = document.createElement("div");
    group.className = "choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", words("choices_label") || "");
    for (const choice of buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = choice.title;
      button.addEventListener("click", () => {
        if (busy) return;
        for (const other of group.querySelectorAll("button")) other.disabled = true;
        send(String(choice.payload), choice.title);
      });
      group.append(button);
    }
    item.append(group);
    scrollToEnd();
  }

  function scrollToEnd() {
    scroller.scrollTop = scroller.scrollHeight;
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    log.setAttribute("aria-busy", String(value));
    status.textContent = value ? words("waiting") || "" : "";
  }

  async function send(message, shown) {
    addMessage("user", shown);
    setBusy(true);
    try {
      const response = await fetch(MESSAGE_URL, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender, message, metadata: { language } }),
      });
      if (!response.ok) throw new Error("status " + response.status);
      for (const reply of await response.json()) {
        const item = addMessage("bot", String(reply.text || ""));
        if (Array.isArray(reply.buttons) && reply.buttons.length) addChoices(item, reply.buttons);
      }
    } catch (failure) {
      addMessage("system", words("error") || "");
    } finally {
      setBusy(false);
      input.focus();
    }
  }

  // A new conversation on a clear page: the old messages gone, a new id for the next message.
  function startFresh() {
    for (const item of log.querySelectorAll(".msg")) item.remove();
    sender = conversationId(true);
  }

  async function forgetConversation() {
    setBusy(true);
    try {
      const response = await fetch(FORGET_URL, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender }),
      });
      if (!response.ok) throw new Error("status " + response.status);
      startFresh();
      setBusy(false);
      status.textContent = words("forgotten") || "";
    } catch (failure) {
      setBusy(false);
      addMessage("system", words("forget_error") || "");
    }
    input.focus();
  }

  forgetButton.addEventListener("click", () => {
    if (busy) return;
    forgetDialog.returnValue = "";  // else Escape would repeat the last answer
    forgetDialog.showModal();
  });
  forgetDialog.addEventListener("close", () => {
    if (forgetDialog.returnValue === "forget") forgetConversation();
    else forgetButton.focus();
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || busy) return;
    input.value = "";
    send(text, text);
  });
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.addEventListener("click", () => setLanguage(button.dataset.lang));
  }
  fetch(WORDING_URL)
    .then((response) => (response.ok ? response.json() : {}))
    .then((loaded) => {
      wording = loaded.languages || {};
      const hotlines = (loaded.phones || []).map((number) => number.replace(/[^\d-]/g, "")).filter(Boolean);
      if (hotlines.length) linkable = new RegExp(WEB_AND_PHONE + "|\\b(?:" + hotlines.join("|") + ")\\b", "gi");
      setLanguage(language);
    })
    .catch(() => {});
})();
