// Progressive enhancement for every page; no inline scripts, so a strict CSP can stay on.
(function () {
  "use strict";

  // Countdowns: <span class="countdown" data-deadline="ISO" data-units='{"d":..,"h":..,"m":..}'>.
  // The server renders the text; this only keeps it ticking.
  function renderCountdown(el) {
    const deadline = Date.parse(el.dataset.deadline);
    const units = JSON.parse(el.dataset.units || "{}");
    let left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
    if (left === 0) {
      el.textContent = el.dataset.passed || "";
      return false;
    }
    const d = Math.floor(left / 86400); left -= d * 86400;
    const h = Math.floor(left / 3600); left -= h * 3600;
    const m = Math.floor(left / 60); const s = left - m * 60;
    const parts = [];
    if (d) parts.push(d + " " + units.d);
    if (d || h) parts.push(h + " " + units.h);
    parts.push(m + " " + units.m);
    if (!d) parts.push(s + " " + units.s);
    el.textContent = (units.prefix ? units.prefix + " " : "") + parts.join(" ");
    return true;
  }

  function startCountdowns() {
    const els = Array.from(document.querySelectorAll(".countdown[data-deadline]"));
    if (!els.length) return;
    const tick = () => els.forEach(renderCountdown);
    tick();
    setInterval(tick, 1000);
  }

  // Forms marked data-confirm ask before an irreversible action.
  function confirmForms() {
    document.querySelectorAll("form[data-confirm]").forEach((form) => {
      form.addEventListener("submit", (event) => {
        if (!window.confirm(form.dataset.confirm)) event.preventDefault();
      });
    });
  }

  // The language switcher submits on change.
  function languageSwitcher() {
    document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
      select.addEventListener("change", () => select.form.submit());
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    startCountdowns();
    confirmForms();
    languageSwitcher();
  });
})();
