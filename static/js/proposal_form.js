// Autosave of the proposal form: posts the form a few seconds after the last change.
// Texts come from data attributes (translated by the server); no inline scripts (CSP).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  var form = document.getElementById("proposal-form");
  if (!form || !form.dataset.autosaveUrl) return;
  var status = document.getElementById("autosave-status");
  var DELAY = 5000;
  var timer = null;
  var saving = false;
  var pending = false;
  var stopped = Boolean(form.dataset.stale);

  function show(text, tone) {
    if (!status) return;
    status.textContent = text;
    status.className = "small ms-auto " + (tone || "text-muted");
  }

  function showStale(message) {
    stopped = true;
    var box = document.getElementById("stale-message");
    if (!box) {
      box = document.createElement("div");
      box.id = "stale-message";
      box.className = "alert alert-warning";
      box.setAttribute("role", "alert");
      form.parentNode.insertBefore(box, form);
    }
    box.textContent = message;
    show(message, "text-danger");
  }

  function updateMissing(items) {
    var list = document.querySelector("[data-missing-list]");
    if (!list || !items) return;
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item;
      list.appendChild(li);
    });
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
          var text = form.dataset.savedText.replace("%(time)s", data.saved_at_display);
          if (data.skipped && data.skipped.length) {
            text += " · " + form.dataset.skippedText + " " + data.skipped.join(", ");
            show(text, "text-warning-emphasis");
          } else {
            show(text, "text-success");
          }
          updateMissing(data.missing);
        } else if (data.stale) {
          showStale(data.error);
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
