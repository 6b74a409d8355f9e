// A long unit picker gets a search box that narrows it as one types, with or without Vietnamese
// diacritics: "so noi vu" finds "Sở Nội vụ". Two shapes: a <select data-searchable="placeholder">,
// and a list of tick boxes (merge) whose inputs carry data-searchable; ticked boxes stay shown.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function searchBox(placeholder) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.placeholder = placeholder;
    box.setAttribute("aria-label", placeholder);
    box.setAttribute("data-testid", "picker-search");
    return box;
  }
  function words(box) {
    return fold(box.value).split(/\s+/).filter(Boolean);
  }
  function matches(folded, wanted) {
    return wanted.every(function (word) { return folded.indexOf(word) !== -1; });
  }
  function enhanceSelect(select) {
    if (select.dataset.searchReady || select.options.length < 12) return;
    select.dataset.searchReady = "1";
    var box = searchBox(select.dataset.searchable);
    var folded = Array.prototype.map.call(select.options, function (option) { return fold(option.text); });
    box.addEventListener("input", function () {
      var wanted = words(box);
      Array.prototype.forEach.call(select.options, function (option, index) {
        option.hidden = !(!option.value || matches(folded[index], wanted)) && !option.selected;
      });
      // One match left: choose it, so typing a name is enough.
      var left = Array.prototype.filter.call(select.options, function (o) { return o.value && !o.hidden; });
      if (wanted.length && left.length === 1) select.value = left[0].value;
    });
    select.parentNode.insertBefore(box, select);
  }
  function enhanceBoxes(fieldset) {
    var inputs = fieldset.querySelectorAll("input[type=checkbox][data-searchable]");
    if (fieldset.dataset.searchReady || inputs.length < 12) return;
    fieldset.dataset.searchReady = "1";
    var box = searchBox(inputs[0].dataset.searchable);
    var rows = Array.prototype.map.call(inputs, function (input) {
      var row = input.closest(".form-check") || input.parentNode;
      return { input: input, row: row, folded: fold(row.textContent) };
    });
    box.addEventListener("input", function () {
      var wanted = words(box);
      rows.forEach(function (item) { item.row.hidden = !item.input.checked && !matches(item.folded, wanted); });
    });
    var legend = fieldset.querySelector("legend");
    fieldset.insertBefore(box, legend ? legend.nextSibling : fieldset.firstChild);
  }
  function scan(root) {
    root = root || document;
    root.querySelectorAll("select[data-searchable]").forEach(enhanceSelect);
    root.querySelectorAll("fieldset").forEach(function (fieldset) {
      if (fieldset.querySelector("input[type=checkbox][data-searchable]")) enhanceBoxes(fieldset);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { scan(); });
  document.addEventListener("htmx:afterSwap", function (event) { scan(event.target); });
})();
