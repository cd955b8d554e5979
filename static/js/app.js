// salesplan: small behaviours that work with or without htmx.
(function () {
  "use strict";

  function bindCounters(root) {
    root.querySelectorAll("[data-counter-for]").forEach(function (counter) {
      var field = document.getElementById(counter.dataset.counterFor);
      if (!field || field.dataset.counterBound) return;
      var limit = parseInt(field.dataset.counter || field.getAttribute("maxlength") || "0", 10);
      field.dataset.counterBound = "1";
      function update() {
        var used = field.value.replace(/\r\n/g, "\n").length;
        counter.textContent = used + " / " + limit;
        counter.classList.toggle("over", used > limit);
      }
      field.addEventListener("input", update);
      update();
    });
  }

  function bindAutosubmit(root) {
    root.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      if (select.dataset.autosubmitBound) return;
      select.dataset.autosubmitBound = "1";
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  function init(root) { bindCounters(root); bindAutosubmit(root); }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
