// A search box above the long list of units (progressive enhancement: without script the
// select works as it is). Typing hides the units whose name does not contain the words,
// accents and case aside ("so tu phap" finds "Sở Tư pháp"), and says how many are left.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  document.querySelectorAll("select[data-unit-filter]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.id = select.id + "_search";
    box.className = "unit-search";
    box.setAttribute("autocomplete", "off");
    box.setAttribute("aria-controls", select.id);
    var label = document.createElement("label");
    label.htmlFor = box.id;
    label.className = "unit-search-label";
    label.textContent = "Tìm theo tên (gõ vài chữ, không cần dấu)";
    var count = document.createElement("p");
    count.className = "help";
    count.id = select.id + "_count";
    count.setAttribute("aria-live", "polite");
    box.setAttribute("aria-describedby", count.id);
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(count, select);
    var options = Array.prototype.slice.call(select.options).filter(function (o) { return o.value; });
    options.forEach(function (o) { o.dataset.folded = fold(o.text); });
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      var shown = [];
      options.forEach(function (o) {
        var match = words.every(function (w) { return o.dataset.folded.indexOf(w) >= 0; });
        o.hidden = !match;
        if (match) { shown.push(o); }
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      if (shown.length === 1) { select.value = shown[0].value; }
      count.textContent = words.length ? shown.length + " đơn vị phù hợp" : "";
    });
  });
})();
