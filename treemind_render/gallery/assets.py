"""The site's own style, script and icon: inline, local fonts only, light and dark."""

from __future__ import annotations

CSS = """
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--ink:#1f2933;--muted:#566270;--line:#d9dee5;
--accent:#1d5fd1;--chip:#e9eef5;--on-accent:#fff;--shade:0 1px 2px rgba(15,23,42,.06)}
@media (prefers-color-scheme:dark){:root{--bg:#111418;--card:#1a1f26;--ink:#e6e9ee;--muted:#a3adb9;
--line:#2e3641;--accent:#8ab4ff;--chip:#242b35;--on-accent:#0b1220;--shade:none}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",
"Noto Sans","Noto Sans CJK SC","PingFang SC","Hiragino Sans","Microsoft YaHei",sans-serif}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,label:focus-visible{outline:2px solid var(--accent);
outline-offset:2px}
header,main,footer{max-width:1200px;margin:0 auto;padding:0 20px}
header{padding-top:28px}
footer{padding-block:32px;color:var(--muted);font-size:.85rem}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 6px;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:28px 0 12px}
.meta{color:var(--muted);font-size:.9rem;margin:0}
.back{display:inline-block;margin-bottom:10px;font-size:.95rem}
[hidden]{display:none!important}
.tools{display:flex;flex-wrap:wrap;gap:10px 12px;align-items:center;margin:20px 0 22px}
.tools input{flex:1 1 260px;max-width:420px;font:inherit;padding:8px 12px;border:1px solid var(--line);
border-radius:8px;background:var(--card);color:var(--ink)}
.chips{display:flex;flex-wrap:wrap;gap:6px}
.chip{font:inherit;font-size:.85rem;border:1px solid var(--line);background:var(--chip);color:var(--ink);
border-radius:999px;padding:3px 12px;cursor:pointer}
.chip .n{opacity:.7;font-size:.8em;margin-left:2px}
.chip[aria-pressed=true]{background:var(--accent);border-color:var(--accent);color:var(--on-accent)}
.grid{list-style:none;margin:0;padding:0;display:grid;gap:20px;
grid-template-columns:repeat(auto-fill,minmax(min(100%,250px),1fr))}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;overflow:hidden;
box-shadow:var(--shade);display:flex;flex-direction:column}
.card .cover{display:block;border-bottom:1px solid var(--line)}
.card img,.strip img{display:block;width:100%;height:auto;aspect-ratio:16/10}
.card .body{padding:10px 14px 14px}
.card h2{font-size:1.02rem;line-height:1.35;margin:0 0 4px;overflow-wrap:anywhere}
.card h2 a{color:inherit;text-decoration:none}
.card h2 a:hover{text-decoration:underline}
.tags{list-style:none;padding:0;margin:8px 0 0;display:flex;flex-wrap:wrap;gap:6px}
.tag{font-size:.78rem;background:var(--chip);border-radius:999px;padding:1px 9px;color:var(--muted)}
a.tag{text-decoration:none}
.facts{display:flex;flex-wrap:wrap;align-items:center;gap:6px 14px}
.facts .tags{margin:0}
.empty{color:var(--muted);padding:24px 0}
.viewer{position:relative;background:var(--card);border:1px solid var(--line);border-radius:10px;
margin-top:18px}
.viewer .bar{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;padding:8px 14px;
border-bottom:1px solid var(--line);font-size:.9rem}
.viewer .bar .downloads{margin-left:auto;display:flex;flex-wrap:wrap;gap:4px 12px}
.downloads>span{white-space:nowrap}
.viewer iframe.map{display:block;width:100%;max-height:85vh;border:0;border-radius:0 0 10px 10px}
.columns{display:grid;gap:0 40px;grid-template-columns:minmax(0,3fr) minmax(0,2fr)}
@media (max-width:800px){.columns{grid-template-columns:minmax(0,1fr)}}
.outline,.outline ul{margin:0;padding-left:1.25em}
.outline{padding-left:1.1em}
.outline li{margin:2px 0;overflow-wrap:anywhere}
.outline ul{border-left:1px solid var(--line);margin-left:-.6em;padding-left:1.6em}
.outline .note{color:var(--muted);font-size:.9rem;white-space:pre-line}
.strip{list-style:none;margin:0;padding:0;display:grid;gap:14px;
grid-template-columns:repeat(auto-fill,minmax(160px,1fr))}
.strip a{display:block;text-decoration:none;color:inherit;background:var(--card);border:1px solid var(--line);
border-radius:8px;overflow:hidden}
.strip a:hover .name{text-decoration:underline}
.strip .name{display:block;padding:6px 10px 0;font-size:.92rem;line-height:1.35;overflow-wrap:anywhere}
.strip .why{display:block;padding:0 10px 8px;color:var(--muted);font-size:.78rem}
""".strip()

SCRIPT = """
(function () {
  "use strict";
  var tools = document.getElementById("tools");
  var box = document.getElementById("filter");
  var count = document.getElementById("count");
  var empty = document.getElementById("empty");
  var cards = [].slice.call(document.querySelectorAll(".card"));
  var chips = [].slice.call(document.querySelectorAll(".chip"));
  var active = "";
  function fold(s) { return (s || "").normalize("NFKC").toLowerCase().trim(); }
  function tagsOf(card) {
    return [].map.call(card.querySelectorAll(".tag"), function (t) { return fold(t.textContent); });
  }
  function apply() {
    var words = fold(box.value).split(/\\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (card) {
      var text = fold(card.getAttribute("data-search"));
      var ok = words.every(function (w) { return text.indexOf(w) !== -1; }) &&
        (!active || tagsOf(card).indexOf(active) !== -1);
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    chips.forEach(function (chip) {
      chip.setAttribute("aria-pressed", String(fold(chip.getAttribute("data-tag")) === active));
    });
    count.textContent = (shown === cards.length ? "" : shown + " of ") + cards.length + " maps";
    empty.hidden = shown !== 0;
  }
  function fromHash() {
    var m = /^#tag=(.*)$/.exec(location.hash);
    try { active = m ? fold(decodeURIComponent(m[1])) : ""; } catch (e) { active = ""; }
  }
  chips.forEach(function (chip) {
    chip.addEventListener("click", function () {
      var tag = fold(chip.getAttribute("data-tag"));
      active = active === tag ? "" : tag;
      try {
        history.replaceState(null, "", active ? "#tag=" + encodeURIComponent(active) : location.pathname);
      } catch (e) { /* a browser may refuse this for local files; the filter still works */ }
      apply();
    });
  });
  box.addEventListener("input", apply);
  window.addEventListener("hashchange", function () { fromHash(); apply(); });
  tools.hidden = false;
  fromHash();
  apply();
})();
""".strip()

FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<g fill="none" stroke-width="2.5" stroke-linecap="round">'
    '<path d="M16 16C10 16 9 7 4 7" stroke="#e4572e"/><path d="M16 16C10 16 9 25 4 25" stroke="#2a9d8f"/>'
    '<path d="M16 16C22 16 23 7 28 7" stroke="#f3a712"/><path d="M16 16C22 16 23 25 28 25" stroke="#4c6ef5"/>'
    '</g><circle cx="16" cy="16" r="6" fill="#1f2933"/></svg>\n'
)
