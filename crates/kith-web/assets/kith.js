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
