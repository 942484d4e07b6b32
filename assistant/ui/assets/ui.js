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
