// The lesson pages' own script (served as /assets/pages.js): UI strings, the language switch that keeps the
// reader's place and is remembered, mermaid diagrams drawn by the locally served bundle, and hints one at a time.
(function () {
  "use strict";
  var stringsEl = document.getElementById("strings");
  var strings = stringsEl ? JSON.parse(stringsEl.textContent || "{}") : {};
  function fmt(key, vars) {
    var s = strings[key] || key;
    return s.replace(/\{(\w+)\}/g, function (whole, name) {
      return vars && name in vars ? String(vars[name]) : whole;
    });
  }
  window.workbookStrings = { strings: strings, fmt: fmt };

  // The language: remembered in a cookie (the server reads it) and in localStorage (kept if cookies are cleared).
  var lang = document.body.getAttribute("data-lang");
  var params = new URLSearchParams(location.search);
  var hadCookie = /(?:^|;\s*)lang=(ko|en)/.test(document.cookie);
  var stored = null;
  try { stored = localStorage.getItem("workbook-lang"); } catch (e) { /* storage off */ }
  if (!params.has("lang") && !hadCookie && (stored === "ko" || stored === "en") && stored !== lang) {
    params.set("lang", stored);
    location.replace(location.pathname + "?" + params.toString() + location.hash);
    return;
  }
  try { localStorage.setItem("workbook-lang", lang); } catch (e) { /* storage off */ }
  document.cookie = "lang=" + lang + "; path=/; max-age=31536000; SameSite=Lax";

  // The reader's place: the URL hash while its anchor is on screen, else the last section anchor in the top third
  // of the window (the section being read).
  function place() {
    var hashed = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (hashed) {
      var top = hashed.getBoundingClientRect().top;
      if (top >= -4 && top < window.innerHeight) return location.hash;
    }
    var best = "";
    var line = Math.max(120, window.innerHeight / 3);
    var anchors = document.querySelectorAll("article a[id]");
    for (var i = 0; i < anchors.length; i++) {
      if (anchors[i].getBoundingClientRect().top <= line) best = "#" + anchors[i].id;
      else break;
    }
    return best || location.hash;
  }
  var switcher = document.getElementById("lang-switch");
  if (switcher) {
    var base = switcher.getAttribute("href");
    var update = function () { switcher.setAttribute("href", base + place()); };
    switcher.addEventListener("click", function (event) {
      update();
      if (event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey) {
        event.preventDefault();
        location.assign(switcher.href);
      }
    });
    switcher.addEventListener("auxclick", update);
    switcher.addEventListener("focus", update);
  }

  // Diagrams: ```mermaid blocks, drawn here; then the anchor is scrolled to again, since the page grew.
  if (window.mermaid && document.querySelector("pre.mermaid")) {
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default" });
    window.mermaid.run({ querySelector: "pre.mermaid" }).then(function () {
      document.body.setAttribute("data-mermaid", "done");
      var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) target.scrollIntoView();
    }, function (error) {
      document.body.setAttribute("data-mermaid", "failed");
      console.error(error);
    });
  }

  // Hints: one more of a check's ladder per click; the page server counts it in progress.json, as `npm run hint` does.
  var ladders = document.querySelectorAll(".hint-ladder");
  Array.prototype.forEach.call(ladders, function (ladder) {
    var button = ladder.querySelector("button.next-hint");
    if (!button) return;
    button.addEventListener("click", function () {
      var hidden = ladder.querySelector("li.hint[hidden]");
      if (!hidden) return;
      hidden.hidden = false;
      var shown = Number(ladder.getAttribute("data-shown")) + 1;
      var total = Number(ladder.getAttribute("data-total"));
      ladder.setAttribute("data-shown", String(shown));
      if (shown >= total) {
        button.textContent = fmt("pages.hints.done");
        button.disabled = true;
      } else button.textContent = fmt("pages.hints.next", { n: shown + 1, total: total });
      var path = "/hints/" + encodeURIComponent(ladder.getAttribute("data-lesson")) + "/" + encodeURIComponent(ladder.getAttribute("data-check"));
      fetch(path, { method: "POST" }).catch(function () { /* the hint is shown either way */ });
    });
  });
})();
