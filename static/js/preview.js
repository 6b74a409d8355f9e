// The draft's preview follows typing: a moment after the last keystroke the form is posted, unsaved,
// to the preview, whose frame shows the text as typed. form.submit() skips the submit listeners
// (no confirmation, no draft saved); the form's own action and target are put back at once.
(function () {
  "use strict";
  var WAIT_MS = 600;
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-preview-url]");
    var frame = form && document.querySelector("iframe[name='" + form.dataset.previewTarget + "']");
    if (!form || !frame) return;
    var timer = null;
    function refresh() {
      var action = form.getAttribute("action"), target = form.getAttribute("target");
      form.setAttribute("action", form.dataset.previewUrl);
      form.setAttribute("target", frame.name);
      form.submit();
      if (action === null) form.removeAttribute("action"); else form.setAttribute("action", action);
      if (target === null) form.removeAttribute("target"); else form.setAttribute("target", target);
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, WAIT_MS);
    });
  });
})();
