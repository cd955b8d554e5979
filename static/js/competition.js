// Competition worksheets: the running total of the market shares on the position form.
(function () {
  "use strict";

  function parseShare(text) {
    var cleaned = (text || "").replace(/[\s,，%]/g, "").replace(/[０-９．]/g, function (ch) {
      return String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
    });
    if (cleaned === "") return 0;
    var value = Number(cleaned);
    return isNaN(value) ? null : value;
  }

  function bind(table) {
    var output = table.querySelector("[data-share-total]");
    var inputs = table.querySelectorAll(".share-cell input");
    if (!output || !inputs.length) return;
    function update() {
      // Tenths of a percent as integers: no binary-float surprises in the shown total.
      var tenths = 0;
      var readable = true;
      inputs.forEach(function (input) {
        var value = parseShare(input.value);
        if (value === null) readable = false;
        else tenths += Math.round(value * 10);
      });
      if (!readable) return;
      output.textContent = (tenths / 10).toFixed(1) + "%";
      output.classList.toggle("text-danger", tenths > 1000);
      output.classList.toggle("fw-bold", tenths > 1000);
    }
    inputs.forEach(function (input) { input.addEventListener("input", update); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-share-table]").forEach(bind);
  });
})();
