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

  function saveDraft(form) {
    var data = {};
    form.querySelectorAll("[data-draft-field], textarea[name=text]").forEach(function (field) {
      data[field.name] = field.value;
    });
    var empty = Object.keys(data).every(function (k) { return !data[k]; });
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
      var field = form.querySelector("[name='" + name + "']");
      if (field && field.value !== draft.fields[name] && draft.fields[name]) {
        field.value = draft.fields[name];
        restored = true;
      }
    });
    if (restored) {
      note(form, document.documentElement.lang === "vi"
        ? "Đã khôi phục bản nháp chưa lưu."
        : "An unsaved draft was restored.");
      var folded = form.closest("details.area");
      if (folded) folded.open = true;  // a long visit's area: unfold where the draft is
    }
  }

  function clearDraft(key) { try { localStorage.removeItem(PREFIX + key); } catch (e) {} }

  function bind(root) {
    root.querySelectorAll("form[data-draft-key]").forEach(function (form) {
      if (form.dataset.bound) return;
      form.dataset.bound = "1";
      restoreDraft(form);
      var timer;
      form.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { saveDraft(form); }, 300);
      });
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
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form[data-draft-key]");
    if (form) saveDraft(form);
  });
  // Before the new content arrives (and binds its own empty form), forget the draft
  // if the server accepted it; a form returned with errors says so in a header.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
    var form = elt && elt.closest && elt.closest("form[data-draft-key]");
    if (!form || event.detail.xhr.status !== 200) return;
    if (!event.detail.xhr.getResponseHeader("X-Form-Errors")) clearDraft(form.dataset.draftKey);
  });
  document.addEventListener("htmx:sendError", function () {
    status(document.documentElement.lang === "vi"
      ? "Mất kết nối: nội dung vẫn được giữ trên máy này. Bấm Lưu lại khi có mạng."
      : "Connection lost: your text is kept on this device. Save again when online.");
  });
  document.addEventListener("htmx:afterOnLoad", function () { status(""); });
  window.addEventListener("online", function () { status(""); });
})();
