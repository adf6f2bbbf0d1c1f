// region-picker.js turns [data-region-picker] into select lists that drill
// down from the administrator's region through GET /api/v1/regions/{code}:
// each choice adds the list of its children; the deepest choice is the
// form's region. Without JavaScript the region is the administrator's own.
(function () {
  "use strict";
  var box = document.querySelector("[data-region-picker]");
  if (!box) { return; }
  var input = box.querySelector("input[name=region]");
  var root = box.getAttribute("data-region-picker");
  var choose = box.getAttribute("data-choose") || "—";
  function drop(from) {
    var lists = box.querySelectorAll("select");
    for (var i = lists.length - 1; i >= 0 && lists[i] !== from; i--) { lists[i].remove(); }
  }
  function add(code) {
    fetch("/api/v1/regions/" + code, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { children: [] }; })
      .then(function (reg) {
        if (!reg.children || reg.children.length === 0) { return; }
        var sel = document.createElement("select");
        sel.setAttribute("aria-label", choose);
        var none = document.createElement("option");
        none.value = ""; none.textContent = choose + "（" + reg.name + "）";
        sel.appendChild(none);
        reg.children.forEach(function (c) {
          var o = document.createElement("option");
          o.value = c.code; o.textContent = c.name + " " + c.code;
          sel.appendChild(o);
        });
        sel.addEventListener("change", function () {
          drop(sel);
          input.value = sel.value || code;
          if (sel.value) { add(sel.value); }
        });
        box.appendChild(sel);
      });
  }
  add(root);
}());
