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

  // Forms that hold typed text: a warning before leaving with unsaved changes, and what was typed
  // kept (sessionStorage) from the moment it is sent until the page that answers is not a login
  // page. A save after the session has expired lands on the login page; logging in leads back to
  // the form, which gets the text back (with the revision it was typed against, so a change by
  // someone else meanwhile is still caught).
  var DRAFT_PREFIX = "salesplan:draft:";
  var leaving = false;

  function guarded(form) {
    return form.method === "post" && !form.hasAttribute("data-no-guard") &&
      !form.closest("nav") && form.querySelector("textarea, input:not([type=hidden]), select");
  }

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && field.name !== "csrfmiddlewaretoken" && field.type !== "file" &&
        field.type !== "submit" && field.type !== "button";
    });
  }

  // A form of this page: it posts to the page itself, or htmx sends it and the answer comes back
  // into this page (a comment on a chapter).
  function samePage(form) {
    var action = form.getAttribute("action");
    return !action || form.hasAttribute("hx-post") ||
      new URL(action, location.href).pathname === location.pathname;
  }

  // Which of the page's forms it is: a page may hold several alike (a comment form a chapter).
  function formIndex(form) {
    return Array.prototype.indexOf.call(document.querySelectorAll("form"), form);
  }

  function saveDraft(form) {
    if (!samePage(form)) return;
    var values = fieldsOf(form).map(function (field) {
      var value = (field.type === "checkbox" || field.type === "radio") ? field.checked : field.value;
      return [field.name, field.type, value, field.value];
    });
    try {
      sessionStorage.setItem(DRAFT_PREFIX + location.pathname,
        JSON.stringify({ at: Date.now(), form: formIndex(form), values: values }));
    } catch (e) { /* storage disabled: the warning still protects the text */ }
  }

  function restoreDraft(form, draft) {
    var changed = false, used = {};
    draft.values.forEach(function (entry) {
      var name = entry[0], type = entry[1], value = entry[2], own = entry[3];
      var fields = Array.prototype.filter.call(form.elements, function (f) { return f.name === name; });
      if (type === "checkbox" || type === "radio") {
        fields.forEach(function (f) {
          if (f.value === own && f.checked !== value) { f.checked = value; changed = true; }
        });
        return;
      }
      var index = used[name] || 0;
      used[name] = index + 1;
      var field = fields[index];
      if (field && field.value !== value) { field.value = value; changed = true; }
    });
    return changed;
  }

  function bindGuards(root) {
    var login = document.body.classList.contains("page-login");
    var drafts = [];
    try {
      for (var i = 0; i < sessionStorage.length; i++) {
        var key = sessionStorage.key(i);
        if (key.indexOf(DRAFT_PREFIX) === 0) drafts.push(key);
      }
    } catch (e) { drafts = []; }
    root.querySelectorAll("form").forEach(function (form) {
      if (form.dataset.guardBound || !guarded(form)) return;
      form.dataset.guardBound = "1";
      form.addEventListener("input", function () { form.dataset.dirty = "1"; });
      form.addEventListener("change", function () { form.dataset.dirty = "1"; });
      form.addEventListener("submit", function (event) {
        // Another form of the page holds unsaved text (new SWOT items, say, while adding an
        // action direction): sending this one would drop it, so ask first.
        var others = Array.prototype.filter.call(
          document.querySelectorAll("form[data-dirty]"), function (other) { return other !== form; });
        if (others.length && !window.confirm(document.body.dataset.msgOtherForm || "")) {
          event.preventDefault();
          return;
        }
        if (!form.hasAttribute("hx-post")) leaving = true;  // htmx answers into this page
        saveDraft(form);
      });
      var key = DRAFT_PREFIX + location.pathname;
      if (root === document && !login && drafts.indexOf(key) >= 0 && samePage(form)) {
        var draft = null;
        try { draft = JSON.parse(sessionStorage.getItem(key)); } catch (e) { draft = null; }
        var mine = draft && (draft.form === undefined || draft.form === formIndex(form));
        if (mine && Date.now() - draft.at < 12 * 3600 * 1000 && restoreDraft(form, draft)) {
          form.dataset.dirty = "1";
          var note = document.createElement("div");
          note.className = "alert alert-warning";
          note.setAttribute("role", "status");
          note.textContent = document.body.dataset.msgRestored || "";
          form.parentNode.insertBefore(note, form);
          note.scrollIntoView({ block: "center" });
        }
      }
    });
    // Any page but the login page answers what was sent: the drafts have served.
    if (root === document && !login) {
      drafts.forEach(function (key) { try { sessionStorage.removeItem(key); } catch (e) { /* */ } });
    }
  }

  window.addEventListener("beforeunload", function (event) {
    if (leaving) return;
    if (!document.querySelector("form[data-dirty]")) return;
    event.preventDefault();
    event.returnValue = "";
    return "";
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest && event.target.closest("form");
    if (form && event.detail.successful) delete form.dataset.dirty;
    // A form htmx sent has its answer: its draft has served, unless the answer sends the page
    // to the login page (the session has ended), where the draft waits for the way back.
    var xhr = event.detail.xhr;
    if (form && event.detail.successful && !(xhr && xhr.getResponseHeader("HX-Redirect"))) {
      try { sessionStorage.removeItem(DRAFT_PREFIX + location.pathname); } catch (e) { /* */ }
    }
  });

  // A confirmation stays in view after a save that scrolls to an anchor further down.
  function bindMessages(root) {
    root.querySelectorAll(".messages .alert-success").forEach(function (alert) {
      if (alert.dataset.fadeBound) return;
      alert.dataset.fadeBound = "1";
      setTimeout(function () {
        alert.classList.remove("show");
        setTimeout(function () { alert.remove(); }, 400);
      }, 8000);
    });
  }

  // A part of the page that polls (a print's or a pack's progress) says so while the server does
  // not answer, and keeps polling; the notice goes with the next answer.
  function pollTrouble(event, failed) {
    var part = event.detail && event.detail.elt;
    if (!part || !/every /.test(part.getAttribute("hx-trigger") || "")) return;
    var notice = part.querySelector(".poll-trouble");
    if (failed && !notice) {
      notice = document.createElement("div");
      notice.className = "poll-trouble alert alert-warning small mt-2 mb-0";
      notice.setAttribute("role", "status");
      notice.textContent = document.body.dataset.msgPollTrouble || "";
      (part.querySelector(".card-body") || part).appendChild(notice);
    } else if (!failed && notice) {
      notice.remove();
    }
  }
  document.addEventListener("htmx:responseError", function (event) { pollTrouble(event, true); });
  document.addEventListener("htmx:sendError", function (event) { pollTrouble(event, true); });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) pollTrouble(event, false);
  });

  function init(root) { bindCounters(root); bindAutosubmit(root); bindGuards(root); bindMessages(root); }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
