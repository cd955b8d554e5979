// Roll-up tables: sort the body by a clicked column heading (tables marked data-sortable).
// Numbers come from each cell's data-value (the exact figure); "—" and blanks go last either way.
// A group's regions (indented by data-depth) stay under their parent, sorted among themselves.
(function () {
  "use strict";

  function cellKey(row, index) {
    var cell = row.cells[index];
    if (!cell) return null;
    if (cell.hasAttribute("data-value")) {
      var raw = cell.getAttribute("data-value");
      if (raw === "") return null;
      var number = Number(raw);
      return isNaN(number) ? null : number;
    }
    var text = cell.textContent.trim();
    return text === "" || text === "—" ? null : text;
  }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b));
  }

  // The body's rows as a tree by data-depth: each row with the rows indented under it.
  function treeOf(body) {
    var root = { depth: -1, children: [] };
    var path = [root];
    Array.prototype.forEach.call(body.rows, function (row) {
      var node = { row: row, depth: parseInt(row.dataset.depth || "0", 10), children: [] };
      while (path.length > 1 && path[path.length - 1].depth >= node.depth) path.pop();
      path[path.length - 1].children.push(node);
      path.push(node);
    });
    return root;
  }

  function sortNodes(nodes, index, ascending) {
    nodes.forEach(function (node, order) {
      node.key = cellKey(node.row, index);
      node.order = order;
      sortNodes(node.children, index, ascending);
    });
    nodes.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        if (a.key === null && b.key === null) return a.order - b.order;
        return a.key === null ? 1 : -1;
      }
      var result = compare(a.key, b.key);
      return (ascending ? result : -result) || a.order - b.order;
    });
  }

  function append(body, nodes) {
    nodes.forEach(function (node) {
      body.appendChild(node.row);
      append(body, node.children);
    });
  }

  function sortBy(table, index, button) {
    var heading = button.closest("th");
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th[aria-sort]").forEach(function (th) {
      if (th !== heading) th.removeAttribute("aria-sort");
    });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var tree = treeOf(body);
    sortNodes(tree.children, index, ascending);
    append(body, tree.children);
  }

  function bind(table) {
    if (table.dataset.sortBound || !table.tBodies.length) return;
    table.dataset.sortBound = "1";
    var headings = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headings, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, button); });
    });
  }

  function bindAll() {
    document.querySelectorAll("table[data-sortable]").forEach(bind);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bindAll);
  else bindAll();
})();
