// The call form's rubric: add criteria, mark them removed, and show the running total of
// weights. Without JavaScript the form still works: it always offers one blank row.
(function () {
  "use strict";

  const PREFIX = "criteria";

  function rows(container) {
    return Array.from(container.querySelectorAll("[data-criterion]"));
  }

  function isRemoved(row) {
    const box = row.querySelector("input[name$='-DELETE']");
    return box && box.checked;
  }

  function updateTotal(container, output) {
    let total = 0;
    rows(container).forEach((row) => {
      if (isRemoved(row)) return;
      const weight = row.querySelector("input[name$='-weight']");
      const value = weight ? parseInt(weight.value, 10) : NaN;
      if (!Number.isNaN(value)) total += value;
    });
    output.textContent = output.dataset.label + " " + total + "%";
    output.classList.toggle("is-right", total === 100);
    output.classList.toggle("is-wrong", total !== 100);
  }

  function renumber(container) {
    rows(container).forEach((row, index) => {
      const number = row.querySelector("[data-criterion-number]");
      if (number) number.textContent = String(index + 1);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const container = document.getElementById("criteria-rows");
    const template = document.getElementById("criterion-template");
    const addButton = document.getElementById("add-criterion");
    const output = document.getElementById("rubric-total");
    const totalForms = document.getElementById("id_" + PREFIX + "-TOTAL_FORMS");
    if (!container || !template || !addButton || !output || !totalForms) return;

    addButton.hidden = false;
    output.hidden = false;

    addButton.addEventListener("click", () => {
      const index = parseInt(totalForms.value, 10);
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      container.insertAdjacentHTML("beforeend", html);
      totalForms.value = String(index + 1);
      renumber(container);
      const added = rows(container).pop();
      const first = added && added.querySelector("input[type='text']");
      if (first) first.focus();
      updateTotal(container, output);
    });

    container.addEventListener("input", () => updateTotal(container, output));
    container.addEventListener("change", (event) => {
      const box = event.target;
      if (box.name && box.name.endsWith("-DELETE")) {
        box.closest("[data-criterion]").classList.toggle("is-removed", box.checked);
      }
      updateTotal(container, output);
    });

    updateTotal(container, output);
  });
})();
