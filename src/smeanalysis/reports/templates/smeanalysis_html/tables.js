/* smeanalysis tables: click a header to sort, a filter box on long tables. Inline, no network;
   without scripts the page reads the same, only without sorting and filtering. */
(function () {
  "use strict";
  var WORDS = { trillion: 1e12, billion: 1e9, million: 1e6 };
  var NUMBER = /^[^0-9A-Za-z]{0,3}(?:[A-Za-z]+ ){0,2}[^0-9-]{0,2}(-?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(trillion|billion|million)?/i;
  function key(cell) {
    var text = (cell.getAttribute("data-sort") || cell.textContent || "").trim();
    if (text === "" || text === "\u2013") return null;
    if (/^[0-9]{4}-[0-9]{2}/.test(text)) return { s: text };
    var m = NUMBER.exec(text);
    if (m) {
      var n = parseFloat(m[1].replace(/,/g, ""));
      if (m[2]) n *= WORDS[m[2].toLowerCase()];
      return { n: n, s: text.toLowerCase() };
    }
    return { s: text.toLowerCase() };
  }
  function compare(a, b) {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    if ("n" in a && "n" in b) return a.n - b.n;
    if ("n" in a) return -1;
    if ("n" in b) return 1;
    return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
  }
  function sortBy(table, th, column) {
    var body = table.tBodies[0];
    if (!body) return;
    var down = th.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.slice.call(body.rows).map(function (row, i) {
      return { row: row, i: i, k: key(row.cells[column] || row) };
    });
    rows.sort(function (x, y) {
      var c = compare(x.k, y.k);
      if (x.k !== null && y.k !== null && down) c = -c;
      return c || x.i - y.i;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
    Array.prototype.forEach.call(table.querySelectorAll("th[aria-sort]"), function (h) {
      h.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", down ? "descending" : "ascending");
  }
  function filterBox(table) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "sme-filter";
    box.placeholder = "Filter rows";
    box.setAttribute("aria-label", "Filter the rows of the table below");
    box.addEventListener("input", function () {
      var word = box.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = word !== "" && row.textContent.toLowerCase().indexOf(word) < 0;
      });
    });
    table.parentNode.insertBefore(box, table);
  }
  Array.prototype.forEach.call(document.querySelectorAll("table"), function (table) {
    var head = table.tHead;
    if (!head || !table.tBodies.length) return;
    var cells = head.rows[head.rows.length - 1].cells;
    Array.prototype.forEach.call(cells, function (th, column) {
      th.classList.add("sme-sortable");
      th.tabIndex = 0;
      th.title = "Sort by this column";
      th.addEventListener("click", function () { sortBy(table, th, column); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, th, column); }
      });
    });
    if (table.tBodies[0].rows.length > 25) filterBox(table);
  });
})();
