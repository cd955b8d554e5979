// Wide tables' detail columns (issue 20): a table's main columns fit a 1,366 px screen; its
// secondary columns (cells and <col>s marked data-detail) are hidden until the "details" button
// shows them. The choice is remembered per table kind in localStorage.
//   <button type="button" data-details-toggle="rollup" aria-controls="ID" aria-expanded="false"
//           data-label-show="Show …" data-label-hide="Hide …">Show …</button>
//   <div id="ID" class="details-hidden"> … the table … </div>
(function () {
  "use strict";

  var PREFIX = "salesplan:details:";

  function remembered(name) {
    try {
      return window.localStorage.getItem(PREFIX + name);
    } catch (error) {
      return null; // storage refused (private mode): every page starts with the details hidden
    }
  }

  function remember(name, shown) {
    try {
      window.localStorage.setItem(PREFIX + name, shown ? "shown" : "hidden");
    } catch (error) {
      // the choice lasts for this page only
    }
  }

  function show(button, shown) {
    var target = document.getElementById(button.getAttribute("aria-controls"));
    if (!target) return;
    target.classList.toggle("details-hidden", !shown);
    button.setAttribute("aria-expanded", shown ? "true" : "false");
    var label = shown ? button.dataset.labelHide : button.dataset.labelShow;
    if (label) button.textContent = label;
  }

  function bind(button) {
    if (button.dataset.detailsBound) return;
    button.dataset.detailsBound = "1";
    var name = button.dataset.detailsToggle;
    show(button, remembered(name) === "shown");
    button.addEventListener("click", function () {
      var shown = button.getAttribute("aria-expanded") !== "true";
      show(button, shown);
      remember(name, shown);
    });
  }

  function bindAll() {
    document.querySelectorAll("[data-details-toggle]").forEach(bind);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bindAll);
  } else {
    bindAll();
  }
})();
