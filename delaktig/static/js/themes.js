// Progress of a theme analysis: poll the JSON status while it runs and reload the
// page when it ends. Without JavaScript the page's "Refresh" link does the same.
(function () {
  "use strict";
  var panel = document.querySelector("[data-theme-status-url]");
  if (!panel || panel.getAttribute("data-theme-active") !== "true") return;
  var url = panel.getAttribute("data-theme-status-url");
  var bar = panel.querySelector("progress");
  var text = panel.querySelector(".theme-progress__text");
  var last = -1;

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (!data.active) { window.location.reload(); return; }
        if (bar) { bar.value = data.progress; bar.textContent = data.progress + " %"; }
        // Only announce changes, so screen readers are not flooded.
        if (text && data.progress !== last) { text.textContent = data.label + ": " + data.progress + " %"; }
        last = data.progress;
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
