// Spreadsheet-like month grids: keyboard moves, autosave on change, paste a block from Excel.
// The server renders every cell and total; this script only moves focus and posts changes.
(function () {
  "use strict";

  function cellsOf(grid) { return Array.prototype.slice.call(grid.querySelectorAll("input.cell")); }

  function cellAt(grid, rowIndex, colIndex) {
    var rows = grid.querySelectorAll("tbody tr");
    if (rowIndex < 0 || rowIndex >= rows.length) return null;
    var inputs = rows[rowIndex].querySelectorAll("input.cell");
    if (colIndex < 0 || colIndex >= inputs.length) return null;
    return inputs[colIndex];
  }

  function position(input) {
    var tr = input.closest("tr");
    var rows = Array.prototype.indexOf.call(tr.parentNode.children, tr);
    var cols = Array.prototype.indexOf.call(tr.querySelectorAll("input.cell"), input);
    return [rows, cols];
  }

  function focusCell(input) {
    if (!input) return false;
    input.focus();
    input.select();
    return true;
  }

  // Only inputs the server has just rendered (no data-saved yet) hold a saved value: a cell
  // being typed in while a save is on its way is not saved yet, and must still commit.
  function markSaved(root) {
    root.querySelectorAll("input.cell").forEach(function (input) {
      if (input.dataset.saved !== undefined) return;
      input.dataset.saved = input.classList.contains("is-invalid") ? "" : input.value;
    });
  }

  function Grid(el) {
    this.el = el;
    this.url = el.dataset.saveUrl;
    this.pending = [];   // cell ids waiting to be sent
    this.busy = false;
    markSaved(el);
    el.addEventListener("keydown", this.onKey.bind(this));
    el.addEventListener("change", this.onChange.bind(this));
    el.addEventListener("paste", this.onPaste.bind(this));
    el.addEventListener("focusin", function (event) {
      if (event.target.matches("input.cell")) event.target.select();
    });
  }

  Grid.prototype.onKey = function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input.cell")) return;
    var pos = position(input), moved = false;
    var atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    var atEnd = input.selectionStart === input.value.length;
    var allSelected = input.selectionStart === 0 && input.selectionEnd === input.value.length;
    switch (event.key) {
      case "ArrowUp": moved = focusCell(cellAt(this.el, pos[0] - 1, pos[1])); break;
      case "ArrowDown": moved = focusCell(cellAt(this.el, pos[0] + 1, pos[1])); break;
      case "ArrowLeft":
        if (atStart || allSelected) moved = focusCell(cellAt(this.el, pos[0], pos[1] - 1));
        break;
      case "ArrowRight":
        if (atEnd || allSelected) moved = focusCell(cellAt(this.el, pos[0], pos[1] + 1));
        break;
      case "Enter":
        this.commit(input);
        moved = focusCell(cellAt(this.el, pos[0] + (event.shiftKey ? -1 : 1), pos[1])) || true;
        break;
      case "Escape":
        input.value = input.dataset.saved || "";
        input.classList.remove("is-invalid");
        moved = true;
        break;
    }
    if (moved) event.preventDefault();
  };

  Grid.prototype.onChange = function (event) {
    if (event.target.matches("input.cell")) this.commit(event.target);
  };

  Grid.prototype.commit = function (input) {
    if (input.value === input.dataset.saved && !input.classList.contains("is-invalid")) return;
    this.queue([input]);
  };

  Grid.prototype.onPaste = function (event) {
    var input = event.target;
    if (!input.matches("input.cell")) return;
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (!/[\t\n]/.test(text)) return;  // a single value pastes as usual
    event.preventDefault();
    var lines = text.replace(/\r/g, "").replace(/\n$/, "").split("\n");
    var start = position(input), touched = [];
    for (var r = 0; r < lines.length; r++) {
      var values = lines[r].split("\t");
      for (var c = 0; c < values.length; c++) {
        var target = cellAt(this.el, start[0] + r, start[1] + c);
        if (!target) continue;
        target.value = values[c].trim();
        touched.push(target);
      }
    }
    this.queue(touched);
  };

  Grid.prototype.queue = function (inputs) {
    var self = this;
    inputs.forEach(function (input) {
      input.closest("td").classList.add("cell-pending");
      var id = input.closest("td").id;
      if (self.pending.indexOf(id) < 0) self.pending.push(id);
    });
    this.flush();
  };

  Grid.prototype.flush = function () {
    if (this.busy || !this.pending.length) return;
    var self = this, ids = this.pending;
    this.pending = [];
    var cells = ids.map(function (id) { return document.getElementById(id); })
      .filter(Boolean)
      .map(function (td) {
        var input = td.querySelector("input.cell");
        return { row: input.dataset.row, month: input.dataset.month, raw: input.value,
                 revision: input.dataset.rev };
      });
    if (!cells.length) return;
    this.busy = true;
    this.el.classList.add("grid-saving");
    htmx.ajax("POST", this.url, {
      source: this.el,
      swap: "none",
      values: { payload: JSON.stringify(cells) }  // the CSRF header comes from <body hx-headers>
    }).finally(function () {
      self.busy = false;
      self.el.classList.remove("grid-saving");
      markSaved(self.el);
      self.el.querySelectorAll(".cell-pending").forEach(function (td) {
        if (!td.querySelector(".is-invalid")) td.classList.remove("cell-pending");
      });
      self.flush();
    });
  };

  function init(root) {
    root.querySelectorAll("[data-grid][data-editable]").forEach(function (el) {
      if (!el.gridBound) { el.gridBound = new Grid(el); }
    });
    root.querySelectorAll("select[data-navigate]").forEach(function (select) {
      if (select.dataset.navigateBound) return;
      select.dataset.navigateBound = "1";
      select.addEventListener("change", function () { window.location = select.value; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  // A save swaps in new cells; the cell that had the focus (after a paste, or Enter on the last
  // row) gets it back, so that the keyboard goes on working.
  var refocus = null;
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var active = document.activeElement;
    if (active && active.matches && active.matches("input.cell") && event.target.contains(active)) {
      refocus = event.target.id;
    }
  });
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    var grid = event.target.closest && event.target.closest("[data-grid]");
    if (grid) markSaved(event.target);
    if (refocus && event.target.id === refocus) {
      refocus = null;
      focusCell(event.target.querySelector("input.cell"));
    }
  });
})();
