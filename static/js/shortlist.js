// The shortlist page: the total requested by the ticked proposals follows the tick boxes.
(function () {
  "use strict";
  var form = document.getElementById("shortlist-form");
  var total = document.getElementById("chosen-total");
  if (!form || !total) return;
  var sample = total.getAttribute("data-baht-sample") || "1,000";
  var budget = Number(total.getAttribute("data-budget") || "0");
  function baht(amount) {
    return sample.replace("1,000", Math.round(amount).toLocaleString("en-US"));
  }
  function update() {
    var sum = 0;
    form.querySelectorAll("input[name=shortlisted]:checked").forEach(function (box) {
      sum += Number(box.getAttribute("data-amount") || "0");
    });
    total.textContent = baht(sum);
    total.classList.toggle("text-warning-emphasis", sum > budget);
  }
  form.addEventListener("change", update);
})();
