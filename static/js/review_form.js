// The review form's running weighted total, updated as the reviewer types.
// The same rule as reviews/scoring.py weighted_total (Σ points / max × weight), which the server
// uses for the stored total; the server renders the first value, so the page works without this.
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  var output = document.getElementById("running-total");
  if (!form || !output) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input.review-points"));

  function update() {
    var total = 0;
    inputs.forEach(function (input) {
      var points = parseFloat(input.value);
      var max = parseFloat(input.dataset.max);
      var weight = parseFloat(input.dataset.weight);
      if (!isFinite(points) || !isFinite(max) || !isFinite(weight) || max <= 0) return;
      points = Math.min(Math.max(points, 0), max);
      total += (points / max) * weight;
    });
    output.textContent = total.toFixed(2);
  }

  inputs.forEach(function (input) {
    input.addEventListener("input", update);
  });
})();
