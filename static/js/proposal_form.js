// The proposal form: "Add a row" for the row tables, the budget's running total, and autosave
// (posts the form a few seconds after the last change); on every page of proposals, a counter
// under each limited text.
// Texts come from data attributes (translated by the server); no inline scripts (CSP).
// Without this script the form still works: the server renders a few empty rows, and the
// browser stops typing at maxlength.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  function grouped(number) {
    return String(number).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  // Under each field marked data-counter: its characters against its maxlength, and its
  // words against data-word-limit (a question's word limit), counted as the server counts
  // them (a line break is one character; words are separated by spaces). The sentences come
  // from the enclosing element's data-counter-text and data-words-text.
  function setUpCounter(field) {
    var texts = field.closest("[data-counter-text]");
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    var wordLimit = parseInt(field.dataset.wordLimit, 10);
    if (!texts || !(limit > 0)) return;
    var counter = document.createElement("div");
    counter.className = "form-text text-end";
    counter.id = (field.id || field.name) + "-counter";
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);

    function fill(text, count, most) {
      return text.replace("%(count)s", grouped(count)).replace("%(limit)s", grouped(most));
    }

    function update() {
      var value = field.value.replace(/\r\n/g, "\n");
      var parts = [fill(texts.dataset.counterText, value.length, limit)];
      var ratio = value.length / limit;
      if (wordLimit > 0) {
        var words = value.trim() ? value.trim().split(/\s+/).length : 0;
        parts.push(fill(texts.dataset.wordsText, words, wordLimit));
        ratio = Math.max(ratio, words / wordLimit);
      }
      counter.textContent = parts.join(" · ");
      counter.classList.toggle("text-warning-emphasis", ratio >= 0.9 && ratio < 1);
      counter.classList.toggle("text-danger", ratio >= 1);
    }

    field.addEventListener("input", update);
    update();
  }
  document.querySelectorAll("[data-counter]").forEach(setUpCounter);

  var form = document.getElementById("proposal-form");
  if (!form) return;

  // "Add a row": clone the formset's empty form (a <template>), numbered TOTAL_FORMS, then
  // count it in TOTAL_FORMS so that the server (and autosave) reads the new row.
  function setUpAddRow(box) {
    var prefix = box.dataset.formset;
    var template = box.querySelector("template[data-empty-row]");
    var rows = box.querySelector("[data-rows]");
    var button = box.querySelector("[data-add-row]");
    var total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var max = box.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
    if (!template || !rows || !button || !total) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10) || 0;
      if (max && index >= parseInt(max.value, 10)) return;
      var holder = document.createElement("tbody");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var row = holder.querySelector("tr");
      rows.appendChild(row);
      total.value = String(index + 1);
      var first = row.querySelector(
        "input:not([type=hidden]):not([type=checkbox]), textarea, select"
      );
      if (first) first.focus();
    });
  }
  form.querySelectorAll("[data-formset]").forEach(setUpAddRow);

  // The budget lines' total against the requested amount, as the applicant types.
  function setUpBudgetTotal() {
    var box = document.getElementById("budget-total");
    var rows = form.querySelector("[data-formset=budget] [data-rows]");
    var requestedInput = form.querySelector("[name=requested_amount]");
    if (!box || !rows) return;
    var balance = box.querySelector("[data-balance]");

    function satang(value) {
      var number = parseFloat(String(value || "").replace(/,/g, ""));
      return isFinite(number) ? Math.round(number * 100) : null;
    }

    // "100,000" or "1,250.50", like portal.formatting.group_thousands, in the page's pattern.
    function baht(amount) {
      var sign = amount < 0 ? "-" : "";
      amount = Math.abs(amount);
      var whole = Math.floor(amount / 100);
      var cents = amount % 100;
      var text = grouped(whole);
      if (cents) text += "." + (cents < 10 ? "0" : "") + cents;
      return box.dataset.bahtSample.replace("1,000", sign + text);
    }

    function update() {
      var sum = 0;
      rows.querySelectorAll("tr").forEach(function (row) {
        var removed = row.querySelector("input[name$='-DELETE']");
        var amount = satang((row.querySelector("input[name$='-amount']") || {}).value);
        if (amount !== null && !(removed && removed.checked)) sum += amount;
      });
      var requested = requestedInput ? satang(requestedInput.value) : null;
      box.querySelector("[data-lines-total]").textContent = baht(sum);
      box.querySelector("[data-requested]").textContent = requested === null ? "—" : baht(requested);
      var text, tone;
      if (requested === null) {
        text = box.dataset.noRequestText; tone = "text-muted";
      } else if (sum === requested) {
        text = box.dataset.balancedText; tone = "text-success";
      } else if (sum < requested) {
        text = box.dataset.shortText.replace("%(amount)s", baht(requested - sum));
        tone = "text-warning-emphasis";
      } else {
        text = box.dataset.overText.replace("%(amount)s", baht(sum - requested));
        tone = "text-danger";
      }
      balance.textContent = text;
      balance.className = "w-100 " + tone;
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    box.hidden = false;
    update();
  }
  setUpBudgetTotal();

  if (!form.dataset.autosaveUrl) return;
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
          var lastSaved = document.querySelector("[data-last-saved]");
          if (lastSaved && data.last_saved) lastSaved.textContent = data.last_saved;
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
