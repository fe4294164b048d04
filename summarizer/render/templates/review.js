// Review page behaviour. No offsets here: the server wrapped evidence in <mark data-items="key ...">
// and every item card is a button with data-key; keys are [a-z0-9-], safe in selectors.
(() => {
  "use strict";
  const items = JSON.parse(document.getElementById("review-items").textContent);
  const tip = document.getElementById("tip");
  const behavior = matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
  let current = null;

  const marksOf = (key) => document.querySelectorAll(`mark[data-items~="${key}"]`);
  const cardsOf = (key) => document.querySelectorAll(`button[data-key="${key}"]`);

  // Scroll the article pane holding `mark` so the mark sits in its upper third.
  function reveal(mark) {
    const pane = mark.closest(".pane");
    const box = pane.getBoundingClientRect();
    if (box.bottom < 0 || box.top > innerHeight) pane.scrollIntoView({ block: "start" });
    const offset = mark.getBoundingClientRect().top - pane.getBoundingClientRect().top;
    pane.scrollTo({ top: pane.scrollTop + offset - pane.clientHeight / 3, behavior });
  }

  // Highlight one item's spans and cards; selecting it again clears the selection.
  function select(key, fromText) {
    for (const el of document.querySelectorAll(".active")) el.classList.remove("active");
    current = current === key ? null : key;
    if (current === null) return;
    const marks = marksOf(key);
    const cards = cardsOf(key);
    for (const el of [...marks, ...cards]) el.classList.add("active");
    if (fromText) cards[0]?.scrollIntoView({ block: "nearest", behavior });
    else if (marks.length) reveal(marks[0]);
  }

  function showTip(mark, x, y) {
    const keys = mark.dataset.items.split(" ");
    tip.replaceChildren(...keys.map((key) => {
      const row = document.createElement("div");
      row.className = `k-${items[key].kind}`;
      row.textContent = items[key].label;
      return row;
    }));
    for (const key of keys) for (const card of cardsOf(key)) card.classList.add("cited");
    tip.hidden = false;
    const w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = `${Math.max(8, Math.min(x + 12, innerWidth - w - 8))}px`;
    tip.style.top = `${y + 18 + h < innerHeight ? y + 18 : Math.max(8, y - h - 12)}px`;
  }

  function hideTip() {
    tip.hidden = true;
    for (const el of document.querySelectorAll(".cited")) el.classList.remove("cited");
  }

  document.addEventListener("click", (ev) => {
    const card = ev.target.closest("button[data-key]");
    if (card) return select(card.dataset.key, false);
    const mark = ev.target.closest("mark[data-items]");
    if (!mark) return;
    // Clicking the same text again steps through the items that cite it.
    const keys = mark.dataset.items.split(" ");
    select(keys[(keys.indexOf(current) + 1) % keys.length], true);
  });
  document.addEventListener("mouseover", (ev) => {
    const mark = ev.target.closest?.("mark[data-items]");
    if (mark) showTip(mark, ev.clientX, ev.clientY);
  });
  document.addEventListener("mouseout", (ev) => {
    if (ev.target.closest?.("mark[data-items]")) hideTip();
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && current !== null) select(current, false);
  });
  addEventListener("scroll", hideTip, { capture: true, passive: true });
})();
