// docparse review report: sort a table by a clicked header, filter its rows by the words typed above it.
// The pages are complete without this script; it only reorders and hides rows of the page shown.
"use strict";

function cellKey(row, column) {
  // a problem row spans the columns: it has no cell there
  return row.cells[column] ? row.cells[column].textContent.trim() : "";
}

for (const table of document.querySelectorAll("table.sortable")) {
  const headers = table.tHead.rows[0].cells;
  for (let column = 0; column < headers.length; column++) {
    headers[column].addEventListener("click", () => {
      const ascending = headers[column].dataset.dir !== "asc";
      for (const h of headers) delete h.dataset.dir;
      headers[column].dataset.dir = ascending ? "asc" : "desc";
      const body = table.tBodies[0];
      const rows = Array.from(body.rows);
      const numeric = rows.every((r) => cellKey(r, column) === "" || !Number.isNaN(Number(cellKey(r, column))));
      rows.sort((a, b) => {
        const x = cellKey(a, column);
        const y = cellKey(b, column);
        const order = numeric ? Number(x) - Number(y) : x.localeCompare(y, "vi");
        return ascending ? order : -order;
      });
      body.append(...rows);
    });
  }
}

for (const input of document.querySelectorAll("input.filter")) {
  const table = document.getElementById(input.dataset.table);
  input.addEventListener("input", () => {
    const words = input.value.toLocaleLowerCase("vi").split(/\s+/).filter(Boolean);
    for (const row of table.tBodies[0].rows) {
      const text = row.textContent.toLocaleLowerCase("vi");
      row.hidden = !words.every((w) => text.includes(w));
    }
  });
}
