// kith's one script. The People page works without it (a GET form); with it, the list
// follows the search as it is typed: the same URL fetched after a pause, its list put in
// place of this one, and the address updated so that reloading shows the same.
(function () {
  "use strict";
  var form = document.getElementById("people-search");
  var results = document.getElementById("people-results");
  if (!form || !results || !window.fetch || !window.DOMParser) return;

  var timer = null;
  var asked = 0;

  function url() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== "") params.append(key, value);
    });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function refresh() {
    var target = url();
    var mine = ++asked;
    results.setAttribute("aria-busy", "true");
    fetch(target, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (mine !== asked) return;
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("people-results");
        if (!fresh) return;
        results.replaceChildren.apply(results, Array.prototype.slice.call(fresh.childNodes));
        history.replaceState(null, "", target);
      })
      .catch(function () { /* the form still works: submitting reloads the page */ })
      .finally(function () {
        if (mine === asked) results.removeAttribute("aria-busy");
      });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();

// The draft page's "copy" button: hidden without this script (the text can still be
// selected by hand), it copies the draft's text and says so in its status line.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-copy]");
  if (!buttons.length || !navigator.clipboard) return;

  Array.prototype.forEach.call(buttons, function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    var status = button.parentNode.querySelector("[role='status']");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent).then(
        function () { if (status) status.textContent = "Copied."; },
        function () { if (status) status.textContent = "Could not copy: select the text and copy it."; }
      );
    });
  });
})();

// An import's page follows the import while it runs: the job's state is read from the
// API every half second; the bar and counts follow it in place, and when the step, the
// file, the problems or the state change, the page's own HTML is fetched and put in
// place of this one, so that every word stays the server's. Without the script, the
// page's "Reload" link shows the same.
(function () {
  "use strict";
  var box = document.getElementById("import-job");
  if (!box || box.getAttribute("data-state") !== "running" || !window.fetch || !window.DOMParser) return;
  var job = box.getAttribute("data-job");
  var seen = null;

  function key(view) {
    var p = view.progress;
    return [view.state, p.step, p.file, p.unit, p.total, p.problem_count].join("\u0000");
  }

  function text(id, value) {
    var node = document.getElementById(id);
    if (node) node.textContent = String(value);
  }

  function redraw() {
    return fetch("/import/" + job, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("import-job");
        if (!fresh) return;
        box.replaceChildren.apply(box, Array.prototype.slice.call(fresh.childNodes));
        box.setAttribute("data-state", fresh.getAttribute("data-state"));
      });
  }

  function poll() {
    fetch("/api/v1/imports/" + job, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.ok) return response.json();
        // Refused (signed out, or the server restarted and forgot the job): stop asking
        // and let the Reload link say why.
        box.setAttribute("data-state", "unknown");
        return null;
      })
      .then(function (view) {
        if (!view) return null;
        var p = view.progress;
        var bar = document.getElementById("import-bar");
        if (bar && p.total > 0) {
          bar.max = p.total;
          bar.value = Math.min(p.done, p.total);
        }
        text("import-done", Math.min(p.done, p.total));
        text("import-read", p.messages_read);
        // The first answer may already differ from what the page was rendered with.
        var now = key(view);
        if (now !== seen) {
          seen = now;
          return redraw();
        }
        return null;
      })
      .catch(function () { /* the Reload link still works */ })
      .finally(function () {
        if (box.getAttribute("data-state") === "running") setTimeout(poll, 500);
      });
  }

  setTimeout(poll, 500);
})();
