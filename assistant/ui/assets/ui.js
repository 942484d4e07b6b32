// Clicking a citation [n] in the chat (a link to #ev-<turn>-<n>) shows that answer's evidence,
// scrolls the cited passage into view and marks it; the tabs in the panel (#ev-<turn>) switch answers.
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
    if (target.classList.contains("ev-item")) target.classList.add("ev-active");
    target.scrollIntoView({ behavior: "smooth", block: "nearest" });
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
if (window.matchMedia("(max-width: 768px)").matches) {
  let tries = 0;
  const closer = setInterval(() => {
    const bar = document.getElementById("chats");
    const toggle = bar && bar.querySelector('button[aria-label="Toggle Sidebar"]');
    if (toggle && bar.classList.contains("open")) toggle.click();
    else if (toggle) clearInterval(closer);
    if (++tries > 20) clearInterval(closer);
  }, 300);
}
