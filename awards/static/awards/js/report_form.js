// The report form's autosave: posts the form a few seconds after the last change, with the
// version it was read at; a save by somebody else meanwhile stops it and says so.
// Texts come from data attributes (translated by the server); no inline scripts (CSP).
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form || !form.dataset.autosaveUrl) return;
  var status = document.getElementById("autosave-status");
  var DELAY = 5000;
  var timer = null;
  var saving = false;
  var pending = false;
  var stopped = false;

  function show(text, tone) {
    if (!status) return;
    status.textContent = text;
    status.className = "small ms-auto " + (tone || "text-muted");
  }

  function save() {
    timer = null;
    if (stopped) return;
    if (saving) { pending = true; return; }
    saving = true;
    show(form.dataset.savingText);
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.ok) {
          form.querySelector("input[name=version]").value = data.version;
          show(form.dataset.savedText.replace("%(time)s", data.saved_at_display), "text-success");
        } else {
          stopped = true;
          show(data.error || form.dataset.errorText, "text-danger");
        }
      })
      .catch(function () { show(form.dataset.errorText, "text-danger"); })
      .finally(function () {
        saving = false;
        if (pending) { pending = false; schedule(); }
      });
  }

  function schedule() {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, DELAY);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function () { stopped = true; if (timer) clearTimeout(timer); });
})();
