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

  var STORE_PREFIX = "salesplan:unsaved:";
  var MAX_DELAY = 30000;

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["x-csrftoken"] || ""; }
    catch (e) { return ""; }
  }

  // A cell's edit is the unit of saving. `unsaved` holds every edit the server has not confirmed
  // (waiting, on its way, or failed), by cell id, with the revision it was typed against; it is
  // kept in sessionStorage too, so a reload or a crash of the tab does not lose it. An edit is
  // sent once: Enter followed by the blur's change event, or the same value typed again, sends
  // nothing more. A conflict is never settled by sending again: the person chooses.
  function Grid(el) {
    this.el = el;
    this.url = el.dataset.saveUrl;
    this.key = STORE_PREFIX + this.url;
    this.unsaved = {};
    this.inflight = null;  // cell id -> the raw value on its way
    this.delay = 0;
    this.timer = null;
    this.stopped = false;  // a refusal no retry can mend (403 after a fresh token, 400)
    this.triedToken = false;
    markSaved(el);
    this.banner = this.makeBanner();
    el.addEventListener("keydown", this.onKey.bind(this));
    el.addEventListener("change", this.onChange.bind(this));
    el.addEventListener("paste", this.onPaste.bind(this));
    el.addEventListener("click", this.onClick.bind(this));
    el.addEventListener("focusin", function (event) {
      if (event.target.matches("input.cell")) event.target.select();
    });
    var self = this;
    window.addEventListener("beforeunload", function (event) {
      if (!Object.keys(self.unsaved).length) return;
      event.preventDefault();
      event.returnValue = el.dataset.msgLeave || "";
      return event.returnValue;
    });
    this.restore();
  }

  Grid.prototype.makeBanner = function () {
    var banner = document.createElement("div");
    banner.className = "grid-unsaved alert alert-warning shadow d-none";
    banner.setAttribute("role", "alert");
    banner.innerHTML = '<div class="grid-unsaved-text"></div><div class="mt-2">' +
      '<button type="button" class="btn btn-sm btn-warning me-2" data-retry></button>' +
      '<a class="btn btn-sm btn-outline-dark me-2 d-none" target="_blank" rel="noopener" data-login></a>' +
      '<button type="button" class="btn btn-sm btn-outline-danger" data-discard></button></div>';
    banner.querySelector("[data-retry]").textContent = this.el.dataset.msgRetry || "Retry";
    banner.querySelector("[data-discard]").textContent = this.el.dataset.msgDiscard || "Discard";
    var login = banner.querySelector("[data-login]");
    login.textContent = this.el.dataset.msgLogin || "Log in";
    login.href = (this.el.dataset.loginUrl || "/login/") + "?next=" + encodeURIComponent(location.pathname);
    var self = this;
    banner.querySelector("[data-retry]").addEventListener("click", function () {
      self.stopped = false; self.triedToken = false; self.delay = 0; self.flush();
    });
    banner.querySelector("[data-discard]").addEventListener("click", function () { self.discard(); });
    this.el.appendChild(banner);
    return banner;
  };

  Grid.prototype.showBanner = function (kind) {
    var count = Object.keys(this.unsaved).length;
    if (!count) { this.banner.classList.add("d-none"); return; }
    var message = this.el.dataset["msg" + kind.charAt(0).toUpperCase() + kind.slice(1)] || kind;
    this.banner.querySelector(".grid-unsaved-text").textContent =
      message + " " + (this.el.dataset.msgCount || "") + " " + count;
    this.banner.querySelector("[data-login]").classList.toggle("d-none", kind !== "session");
    this.banner.dataset.kind = kind;
    this.banner.classList.remove("d-none");
  };

  Grid.prototype.store = function () {
    try {
      if (Object.keys(this.unsaved).length) sessionStorage.setItem(this.key, JSON.stringify(this.unsaved));
      else sessionStorage.removeItem(this.key);
    } catch (e) { /* storage full or disabled: the page still holds the edits */ }
  };

  Grid.prototype.restore = function () {
    var stored = null;
    try { stored = JSON.parse(sessionStorage.getItem(this.key) || "null"); } catch (e) { stored = null; }
    if (!stored) return;
    var restored = 0;
    for (var id in stored) {
      var td = document.getElementById(id), input = td && td.querySelector("input.cell");
      if (!input || !this.el.contains(td)) continue;
      input.value = stored[id].raw;
      td.classList.add("cell-failed");
      this.unsaved[id] = stored[id];
      restored++;
    }
    this.store();
    if (restored) { this.showBanner("restored"); this.flush(); }
  };

  Grid.prototype.discard = function () {
    for (var id in this.unsaved) {
      var td = document.getElementById(id), input = td && td.querySelector("input.cell");
      if (input) input.value = input.dataset.saved || "";
      if (td) td.classList.remove("cell-failed", "cell-pending");
    }
    this.unsaved = {};
    this.stopped = false;
    clearTimeout(this.timer);
    this.store();
    this.showBanner("network");
  };

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
      case "z": case "Z": case "y": case "Y":
        // Ctrl+Z / Ctrl+Y on a cell not being edited undo or redo the last saved change; in a
        // cell being typed in they stay the input's own.
        if (!(event.ctrlKey || event.metaKey) || input.value !== (input.dataset.saved || "")) break;
        var redo = event.key.toLowerCase() === "y" || event.shiftKey;
        var form = this.el.querySelector(redo ? "form.grid-redo" : "form.grid-undo");
        if (form && !Object.keys(this.unsaved).length) { form.submit(); moved = true; }
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

  // "Keep mine" saves the typed value against the revision the conflict reported; "take theirs"
  // puts the other person's value back. Either way, the choice is the person's.
  Grid.prototype.onClick = function (event) {
    var button = event.target.closest && event.target.closest("[data-keep], [data-take]");
    if (!button) return;
    var td = button.closest("td"), input = td.querySelector("input.cell");
    if (button.hasAttribute("data-take")) {
      input.value = input.dataset.theirs;
      input.dataset.saved = input.dataset.theirs;
      this.settle(td, input);
      return;
    }
    this.settle(td, input);
    this.edit(td, input);
  };

  Grid.prototype.settle = function (td, input) {
    td.classList.remove("cell-error", "cell-conflict");
    input.classList.remove("is-invalid");
    input.removeAttribute("aria-invalid");
    input.removeAttribute("title");
    delete input.dataset.theirs;
    var message = td.querySelector(".cell-msg");
    if (message) message.remove();
  };

  Grid.prototype.commit = function (input) {
    var td = input.closest("td"), id = td.id;
    if (td.classList.contains("cell-conflict")) return;  // only "keep mine" or "take theirs"
    if (this.inflight && this.inflight[id] === input.value) return;  // this edit is on its way
    if (this.unsaved[id] && this.unsaved[id].raw === input.value) return;  // already waiting
    if (!this.unsaved[id] && input.value === input.dataset.saved && !input.classList.contains("is-invalid")) return;
    this.edit(td, input);
  };

  Grid.prototype.edit = function (td, input) {
    this.unsaved[td.id] = {
      row: input.dataset.row, month: input.dataset.month, raw: input.value, revision: input.dataset.rev
    };
    td.classList.add("cell-pending");
    this.store();
    this.flush();
  };

  Grid.prototype.onPaste = function (event) {
    var input = event.target;
    if (!input.matches("input.cell")) return;
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (!/[\t\n]/.test(text)) return;  // a single value pastes as usual
    event.preventDefault();
    var lines = text.replace(/\r/g, "").replace(/\n$/, "").split("\n");
    var start = position(input), beyond = 0;
    for (var r = 0; r < lines.length; r++) {
      var values = lines[r].split("\t");
      for (var c = 0; c < values.length; c++) {
        var target = cellAt(this.el, start[0] + r, start[1] + c);
        if (!target) { if (values[c].trim()) beyond++; continue; }
        var td = target.closest("td");
        if (td.classList.contains("cell-conflict")) this.settle(td, target);
        target.value = values[c].trim();
        this.unsaved[td.id] = {
          row: target.dataset.row, month: target.dataset.month, raw: target.value,
          revision: target.dataset.rev
        };
        td.classList.add("cell-pending");
      }
    }
    var note = this.el.querySelector(".grid-paste-note");
    if (note) {
      note.textContent = beyond ? (this.el.dataset.msgBeyond || "").replace("{count}", beyond) : "";
      note.classList.toggle("d-none", !beyond);
    }
    this.store();
    this.flush();
  };

  Grid.prototype.flush = function () {
    if (this.inflight || this.stopped) return;
    var ids = Object.keys(this.unsaved);
    if (!ids.length) return;
    clearTimeout(this.timer);
    var self = this, sent = {};
    var cells = ids.map(function (id) {
      var edit = self.unsaved[id];
      sent[id] = edit.raw;
      var td = document.getElementById(id);
      if (td) { td.classList.add("cell-pending"); td.classList.remove("cell-failed"); }
      return { row: Number(edit.row), month: Number(edit.month), raw: edit.raw, revision: Number(edit.revision) };
    });
    this.inflight = sent;
    this.el.classList.add("grid-saving");
    var body = new URLSearchParams();
    body.set("payload", JSON.stringify(cells));
    fetch(this.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" }
    }).then(function (response) {
      return response.text().then(function (text) { return self.answered(response, text, sent); });
    }).catch(function () {
      self.failed("network", sent);
    }).finally(function () {
      self.inflight = null;
      self.el.classList.remove("grid-saving");
      if (!self.timer && !self.stopped) self.flush();  // edits typed while this save was away
    });
  };

  Grid.prototype.answered = function (response, text, sent) {
    var login = response.redirected && /\/login\//.test(new URL(response.url).pathname);
    if (login) return this.failed("session", sent);
    if (response.status === 403 && !this.triedToken) return this.newToken(sent);
    var ours = text.indexOf('id="grid-status"') >= 0;
    if (ours && (response.status === 200 || response.status === 422)) return this.apply(text, sent);
    if (response.status >= 500 || response.status === 429 || response.status === 0) {
      return this.failed("server", sent);
    }
    this.stopped = true;  // 400, 403 with a fresh token, 404: sending again would not help
    return this.failed("refused", sent);
  };

  // Logging in again (in another tab) gives a new CSRF token: read it from a fresh copy of the
  // page, then send again.
  Grid.prototype.newToken = function (sent) {
    var self = this;
    this.triedToken = true;
    return fetch(location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); })
      .then(function (html) {
        var match = html.match(/"x-csrftoken":\s*"([^"]+)"/);
        if (!match) return self.failed("session", sent);
        var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
        headers["x-csrftoken"] = match[1];
        document.body.setAttribute("hx-headers", JSON.stringify(headers));
        self.inflight = null;
        self.delay = 0;
        self.schedule(0);
      }, function () { self.failed("network", sent); });
  };

  Grid.prototype.apply = function (text, sent) {
    var typedSince = {}, id;
    for (id in sent) {
      var before = document.getElementById(id), old = before && before.querySelector("input.cell");
      if (old && old.value !== sent[id]) typedSince[id] = old.value;  // typed while it was away
    }
    htmx.swap(this.el, text, { swapStyle: "none" });
    for (id in sent) {
      var td = document.getElementById(id), input = td && td.querySelector("input.cell");
      var edit = this.unsaved[id];
      if (edit && edit.raw === sent[id]) delete this.unsaved[id];
      if (!input) continue;
      if (typedSince[id] !== undefined && !td.classList.contains("cell-conflict")) {
        input.value = typedSince[id];
        this.unsaved[id] = {
          row: input.dataset.row, month: input.dataset.month, raw: input.value, revision: input.dataset.rev
        };
        td.classList.add("cell-pending");
      } else if (this.unsaved[id]) {
        this.unsaved[id].revision = input.dataset.rev;  // a newer edit goes against the new revision
      }
    }
    this.delay = 0;
    this.triedToken = false;
    this.store();
    this.banner.classList.add("d-none");  // what is left was typed meanwhile, and goes next
  };

  Grid.prototype.failed = function (kind, sent) {
    for (var id in sent) {
      var td = document.getElementById(id);
      if (!td) continue;
      td.classList.remove("cell-pending");
      td.classList.add("cell-failed");
    }
    this.store();
    this.showBanner(kind);
    if (kind === "refused") return;
    this.delay = Math.min(MAX_DELAY, this.delay ? this.delay * 2 : 1000);
    this.schedule(this.delay);
  };

  Grid.prototype.schedule = function (delay) {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.timer = null; self.flush(); }, delay);
  };

  // "History of the selected cell": the history page narrowed to the grid, the cell's row (a
  // customer or a product) and its month. Without a selected cell it shows the grid's history.
  var lastCell = null;
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input.cell")) lastCell = event.target;
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.grid-cell-history");
    if (!link || !lastCell || !link.closest("[data-grid]").contains(lastCell)) return;
    var url = new URL(link.getAttribute("href"), location.href);
    if (link.dataset.rowParam) url.searchParams.set(link.dataset.rowParam, lastCell.dataset.row);
    url.searchParams.set("month", lastCell.dataset.month);
    link.href = url.pathname + url.search;
  });

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
