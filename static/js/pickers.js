// A long <select data-searchable="placeholder"> (the unit pickers) gets a search box above it that
// narrows its options as one types, with or without Vietnamese diacritics: "so noi vu" finds "Sở Nội vụ".
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function enhance(select) {
    if (select.dataset.searchReady || select.options.length < 12) return;
    select.dataset.searchReady = "1";
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.placeholder = select.dataset.searchable;
    box.setAttribute("aria-label", select.dataset.searchable);
    box.setAttribute("data-testid", "picker-search");
    var folded = Array.prototype.map.call(select.options, function (option) { return fold(option.text); });
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(select.options, function (option, index) {
        var shown = !option.value || words.every(function (word) { return folded[index].indexOf(word) !== -1; });
        option.hidden = !shown && !option.selected;
      });
      // One match left: choose it, so typing a name is enough.
      var matches = Array.prototype.filter.call(select.options, function (o) { return o.value && !o.hidden; });
      if (words.length && matches.length === 1) select.value = matches[0].value;
    });
    select.parentNode.insertBefore(box, select);
  }
  function scan(root) {
    (root || document).querySelectorAll("select[data-searchable]").forEach(enhance);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(); });
  document.addEventListener("htmx:afterSwap", function (event) { scan(event.target); });
})();
