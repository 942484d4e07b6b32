const PHONE = "(max-width: 768px)";  // the width below which ui.css stacks the page in one column
const THEME_KEY = "news-assistant-theme";  // localStorage: "System", "Light" or "Dark"

// What the app's own events call (app.py's js= hooks): the colour switch and the article view.
window.newsAssistant = {
  theme() { return localStorage.getItem(THEME_KEY) || "System"; },
  setTheme(choice) { localStorage.setItem(THEME_KEY, choice); applyTheme(); },
  articleRequest: "",
  showQuote() { scrollToQuote(0); },
};

// Light or dark as chosen; "System" follows the device (as Gradio does on its own).
function applyTheme() {
  const choice = window.newsAssistant.theme();
  const dark = choice === "Dark" || (choice === "System" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.body && document.body.classList.toggle("dark", dark);
}
// Gradio sets its own scheme when it mounts: apply ours after that, and when the device's changes.
new MutationObserver((_, watch) => {
  if (!document.querySelector(".gradio-container")) return;
  watch.disconnect();
  applyTheme();
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", applyTheme);
}).observe(document.documentElement, { childList: true, subtree: true });

// On a phone the evidence is far below the chat: a tapped [n] opens its passage in a sheet over the
// chat, where the reader is, instead of scrolling down to it.
function openSheet(item) {
  closeSheet();
  const sheet = document.createElement("div");
  sheet.id = "cite-sheet";
  sheet.setAttribute("role", "dialog");
  sheet.setAttribute("aria-modal", "true");
  sheet.setAttribute("aria-label", "Cited passage");
  const close = document.createElement("button");
  close.type = "button";
  close.className = "sheet-close";
  close.textContent = "Close";
  close.addEventListener("click", closeSheet);
  const copy = item.cloneNode(true);
  copy.removeAttribute("id");
  copy.classList.remove("ev-active");
  sheet.append(close, copy);
  document.body.append(sheet);
  close.focus({ preventScroll: true });
}
function closeSheet() { const s = document.getElementById("cite-sheet"); if (s) s.remove(); }

// "Read the whole article" in an evidence item: ask the server for the document (app.py's hidden
// button sends articleRequest to the handler), then the view scrolls to the marked quote.
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("button.ev-open");
  if (!button) return;
  event.preventDefault();
  const d = button.dataset;
  window.newsAssistant.articleRequest = JSON.stringify({ source: d.source, start: Number(d.start),
    end: Number(d.end), quote: d.quote || "" });
  closeSheet();
  const open = document.querySelector("#article-open-btn");
  if (open) open.click();
});

function scrollToQuote(tries) {
  const mark = document.querySelector("#article-html mark");
  const view = document.getElementById("article-view");
  if (!mark || !view || !view.getClientRects().length) {  // (a fixed element has no offsetParent)
    if (tries < 40) setTimeout(() => scrollToQuote(tries + 1), 50);  // the view renders a moment later
    return;
  }
  view.setAttribute("role", "dialog");
  view.setAttribute("aria-label", "The whole article");
  mark.scrollIntoView({ block: "center" });
  const close = document.querySelector("#article-close");
  if (close) close.focus({ preventScroll: true });
}

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  closeSheet();
  const close = document.querySelector("#article-view #article-close");
  if (close && close.getClientRects().length) close.click();
});

// Clicking a citation [n] in the chat (a link to #ev-<turn>-<n>) shows that answer's evidence,
// scrolls the cited passage into view and marks it (on a phone: opens it in a sheet, see above);
// the tabs in the panel (#ev-<turn>) switch answers.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest('a[href^="#ev-"]');
  if (!link) return;
  const id = link.getAttribute("href").slice(1);
  const turn = id.split("-")[1];
  const panel = document.getElementById("evidence");
  if (!panel) return;
  event.preventDefault();
  event.stopPropagation();
  panel.querySelectorAll(".ev-answer").forEach((s) => s.classList.toggle("ev-shown", s.id === "ev-" + turn));
  panel.querySelectorAll(".ev-tab").forEach((t) => t.classList.toggle("ev-current", t.getAttribute("href") === "#ev-" + turn));
  panel.querySelectorAll(".ev-active").forEach((e) => e.classList.remove("ev-active"));
  const target = document.getElementById(id);
  if (target) {
    const item = target.classList.contains("ev-item");
    if (item) target.classList.add("ev-active");
    if (item && link.closest("#chat") && matchMedia(PHONE).matches) openSheet(target);
    else target.scrollIntoView({ behavior: "smooth", block: "nearest" });
  }
}, true);

// The chat's copy button copies a message's raw content: HTML links for the [n]. An answer ends
// in "<!-- answer N -->"; its clean text (the [n] markers and the numbered sources, as in the export)
// sits in the evidence panel, so a copy from the chat gets that instead. Other copies are untouched.
let lastChatClick = 0;
document.addEventListener("click", (event) => {
  if (event.target.closest && event.target.closest("#chat")) lastChatClick = Date.now();
}, true);

function cleanCopy(text) {
  const marker = /<!-- answer (\d+) -->/.exec(text);
  const stored = marker && document.querySelector(`#evidence #ev-${marker[1]} .ev-copy`);
  if (stored) return stored.textContent;
  return text.replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]+>/g, "")  // a question, a stopped reply
    .replace(/\\([\\`*_\[\]#|~<>+.)-])/g, "$1").replace(/&amp;/g, "&").trim();
}

if (navigator.clipboard && navigator.clipboard.writeText) {
  const write = navigator.clipboard.writeText.bind(navigator.clipboard);
  navigator.clipboard.writeText = (text) => write(Date.now() - lastChatClick < 2000 ? cleanCopy(String(text)) : text);
}
// Without navigator.clipboard (plain http off loopback) Gradio copies from a hidden textarea.
document.addEventListener("copy", (event) => {
  const helper = document.querySelector("body > textarea");  // Gradio's copy helper, there for an instant
  if (Date.now() - lastChatClick > 2000 || !helper) return;
  event.clipboardData.setData("text/plain", cleanCopy(helper.value));
  event.preventDefault();
});

// Screen readers announce a new evidence panel: the container stays while its content is replaced.
function liveEvidence() {
  const panel = document.getElementById("evidence");
  if (!panel) return false;
  panel.setAttribute("aria-live", "polite");
  panel.setAttribute("role", "region");
  panel.setAttribute("aria-label", "Evidence for the answers");
  return true;
}
if (!liveEvidence()) {
  const watch = new MutationObserver(() => { if (liveEvidence()) watch.disconnect(); });
  watch.observe(document.documentElement, { childList: true, subtree: true });
}

// Gradio labels a chat message with its raw content ("bot's message: <span class=...>"): a screen
// reader would read the HTML. Label it with the text a reader sees instead.
new MutationObserver(() => {
  document.querySelectorAll('#chat [data-testid="bot"][aria-label*="<"], #chat [data-testid="user"][aria-label*="\\\\"]')
    .forEach((m) => m.setAttribute("aria-label", (m.dataset.testid === "bot" ? "Answer: " : "Question: ") + m.innerText.trim()));
}).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["aria-label"] });

// On a phone the open sidebar of chats covers the page: start with it closed there (its button opens
// it). Gradio attaches the button's handler some time after it appears, so try for a few seconds.
if (window.matchMedia(PHONE).matches) {
  let tries = 0;
  const closer = setInterval(() => {
    const bar = document.getElementById("chats");
    const toggle = bar && bar.querySelector('button[aria-label="Toggle Sidebar"]');
    if (toggle && bar.classList.contains("open")) toggle.click();
    else if (toggle) clearInterval(closer);
    if (++tries > 20) clearInterval(closer);
  }, 300);
}
