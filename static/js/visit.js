/* The inspector's page: drafts that survive a dropped connection, Ctrl+Enter to save,
   live hints of recurring shortcomings. Works without it; htmx is optional too. */
(function () {
  "use strict";
  var PREFIX = "cchc:draft:";
  var note = function (form, text) {
    var el = form.querySelector(".draft-note");
    if (el) el.textContent = text;
  };

  function draftKey(form) { return PREFIX + form.dataset.draftKey; }

  // What a draft keeps: every field the inspector fills (kind, text, indicators, area...) and the
  // entry's token, so a draft sent again after a reload is recognised by the server, never stored twice.
  var SKIPPED = { csrfmiddlewaretoken: 1, version: 1, files: 1 };
  var KEPT_EMPTY = { entry_token: 1, kind: 1, area: 1 };  // alone, these are not worth a draft

  function draftFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && !SKIPPED[field.name] && field.type !== "file" && field.type !== "submit";
    });
  }

  function saveDraft(form) {
    cancelPending(form);
    if (!form.isConnected) return;  // replaced by the server's answer: its entry is saved
    var data = {};
    draftFields(form).forEach(function (field) {
      if (field.type === "radio") { if (field.checked) data[field.name] = field.value; }
      else if (field.type === "checkbox") data[field.name] = field.checked ? "on" : "";
      else data[field.name] = field.value;
    });
    var empty = Object.keys(data).every(function (k) { return KEPT_EMPTY[k] || !data[k]; });
    try {
      if (empty) localStorage.removeItem(draftKey(form));
      else localStorage.setItem(draftKey(form), JSON.stringify({ at: Date.now(), fields: data }));
    } catch (e) { /* storage full or disabled: nothing more we can do */ }
  }

  function restoreDraft(form) {
    var raw = null;
    try { raw = localStorage.getItem(draftKey(form)); } catch (e) { return; }
    if (!raw) return;
    var draft = JSON.parse(raw);
    var restored = false;
    Object.keys(draft.fields).forEach(function (name) {
      var value = draft.fields[name];
      form.querySelectorAll("[name='" + name + "']").forEach(function (field) {
        if (field.type === "radio") {
          if (field.value === value && !field.checked) { field.checked = true; restored = restored || !KEPT_EMPTY[name]; }
        } else if (field.type === "checkbox") {
          field.checked = value === "on";
        } else if (field.value !== value && (value || KEPT_EMPTY[name])) {
          field.value = value;
          restored = restored || !KEPT_EMPTY[name];
        }
      });
    });
    // A draft that only differed in its kind still is the user's: say so.
    restored = restored || Object.keys(draft.fields).some(function (name) { return !KEPT_EMPTY[name] && draft.fields[name]; });
    if (restored) {
      note(form, document.documentElement.lang === "vi"
        ? "Đã khôi phục bản nháp chưa lưu."
        : "An unsaved draft was restored.");
      var folded = form.closest("details.area");
      if (folded) folded.open = true;  // a long visit's area: unfold where the draft is
    }
  }

  function clearDraft(key) { try { localStorage.removeItem(PREFIX + key); } catch (e) {} }

  // A draft written by the typing timer after the save was confirmed would bring the saved entry
  // back on the next load: the timer is cancelled whenever the form is sent or its draft written.
  function cancelPending(form) { clearTimeout(form._draftTimer); form._draftTimer = null; }

  // A phone has no Ctrl key: its placeholders leave the keyboard hint out.
  var TOUCH = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;

  function bind(root) {
    if (TOUCH) root.querySelectorAll("[data-touch-placeholder]").forEach(function (field) {
      field.placeholder = field.dataset.touchPlaceholder;
    });
    root.querySelectorAll("form[data-draft-key]").forEach(function (form) {
      if (form.dataset.bound) return;
      form.dataset.bound = "1";
      restoreDraft(form);
      var later = function () {
        cancelPending(form);
        form._draftTimer = setTimeout(function () { saveDraft(form); }, 300);
      };
      form.addEventListener("input", later);
      form.addEventListener("change", later);
      form.addEventListener("submit", function () { saveDraft(form); });
      form.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          form.requestSubmit();
        }
      });
      var text = form.querySelector("textarea[data-similar-area]");
      var areas = document.getElementById("areas");
      if (text && areas && window.htmx) {
        var box = form.querySelector(".similar-box");
        var kind = function () { var c = form.querySelector("input[name=kind]:checked"); return c ? c.value : ""; };
        var hintTimer;
        form.addEventListener("submit", function () { clearTimeout(hintTimer); });
        text.addEventListener("input", function () {
          clearTimeout(hintTimer);
          hintTimer = setTimeout(function () {
            if (kind() !== "shortcoming" || text.value.length < 15) { box.innerHTML = ""; return; }
            htmx.ajax("GET", areas.dataset.similarUrl + "?area=" + text.dataset.similarArea +
              "&text=" + encodeURIComponent(text.value), { target: box, swap: "innerHTML" });
          }, 700);
        });
      }
    });
  }

  var status = function (text) {
    var el = document.getElementById("connection-status");
    if (!el) return;
    el.textContent = text;
    el.classList.toggle("d-none", !text);
  };

  document.addEventListener("DOMContentLoaded", function () {
    var saved = new URLSearchParams(window.location.search).get("saved");
    if (saved) clearDraft(saved);
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.matches("details.area")) target.open = true;
    bind(document);
  });
  document.addEventListener("htmx:load", function (event) { bind(event.detail.elt.parentNode || document); });
  // Only the form's own submission writes its draft (not a hint fetched inside it).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.matches && elt.matches("form[data-draft-key]")) saveDraft(elt);
  });
  // Before the new content arrives (and binds its own empty form), forget the draft
  // if the server accepted it; a form returned with errors says so in a header.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
    var form = elt && elt.closest && elt.closest("form[data-draft-key]");
    if (!form || event.detail.xhr.status !== 200) return;
    if (!event.detail.xhr.getResponseHeader("X-Form-Errors")) { cancelPending(form); clearDraft(form.dataset.draftKey); }
  });
  document.addEventListener("htmx:sendError", function () {
    status(document.documentElement.lang === "vi"
      ? "Mất kết nối: nội dung vẫn được giữ trên máy này. Bấm Lưu lại khi có mạng."
      : "Connection lost: your text is kept on this device. Save again when online.");
  });
  document.addEventListener("htmx:afterOnLoad", function () { status(""); });
  window.addEventListener("online", function () { status(""); });
})();
