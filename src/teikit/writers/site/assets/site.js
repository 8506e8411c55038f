/* teikit site: sorting and filtering the tables, filtering a register, full-text search.
   The search index is a set of scripts (search/docs.js, search/sNN.js) that call
   teikitSearch; they are loaded with <script> elements, which works from file://. */
"use strict";

var teikitSearch = (function () {
  var documents = null;
  var shardCount = 0;
  var shards = {};
  var waiting = {};

  function fold(text) {
    // as teikit folds the texts: NFKD, combining accents dropped, no letter/digit/mark = space
    return text.normalize("NFKD")
      .replace(/\p{Mn}/gu, function (c) { return c.length > 1 ? c : ""; })
      .replace(/[^\p{L}\p{N}\p{M}]/gu, function (c) { return c.length > 1 ? c : " "; })
      .toLowerCase();
  }

  function words(text) {
    return fold(text).split(/\s+/).filter(function (w) {
      var n = Array.from(w).length;
      return n >= 2 && n <= 40;
    });
  }

  function shardOf(word) {
    var points = Array.from(word);
    return (points[0].codePointAt(0) * 31 + points[1].codePointAt(0)) % shardCount;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function load(number, done, failed) {
    if (shards[number]) { done(); return; }
    if (waiting[number]) { waiting[number].push(done); return; }
    waiting[number] = [done];
    var script = document.createElement("script");
    script.src = "search/s" + pad(number) + ".js";
    script.onerror = failed;
    document.head.appendChild(script);
  }

  function matches(term) {
    // documents holding a word that starts with term: doc -> [count, words]
    var shard = shards[shardOf(term)] || {};
    var found = {};
    Object.keys(shard).forEach(function (word) {
      if (word.lastIndexOf(term, 0) !== 0) { return; }
      var postings = shard[word];
      for (var i = 0; i < postings.length; i += 2) {
        var hit = found[postings[i]] || (found[postings[i]] = [0, []]);
        hit[0] += postings[i + 1];
        if (hit[1].indexOf(word) < 0) { hit[1].push(word); }
      }
    });
    return found;
  }

  function results(terms) {
    var total = null;
    terms.forEach(function (term) {
      var found = matches(term);
      if (total === null) { total = found; return; }
      var both = {};
      Object.keys(total).forEach(function (doc) {
        if (found[doc]) {
          both[doc] = [total[doc][0] + found[doc][0], total[doc][1].concat(found[doc][1])];
        }
      });
      total = both;
    });
    return Object.keys(total || {}).map(function (doc) {
      return { doc: documents[doc], count: total[doc][0], words: total[doc][1] };
    }).sort(function (a, b) { return b.count - a.count || a.doc.title.localeCompare(b.doc.title); });
  }

  function show(query) {
    var status = document.getElementById("tk-search-status");
    var list = document.getElementById("tk-search-results");
    if (!status || !list) { return; }
    list.textContent = "";
    if (documents === null) { status.textContent = "The search index is missing."; return; }
    var terms = words(query);
    if (!terms.length) { status.textContent = "Type a word of two letters or more."; return; }
    var needed = terms.map(shardOf).filter(function (n, i, all) { return all.indexOf(n) === i; });
    var left = needed.length;
    status.textContent = "Searching…";
    needed.forEach(function (n) {
      load(n, function () {
        left -= 1;
        if (left > 0) { return; }
        var found = results(terms);
        status.textContent = found.length + (found.length === 1 ? " document" : " documents") +
          " with " + terms.join(" and ") + (found.length > 100 ? " (the first 100)" : "") + ".";
        found.slice(0, 100).forEach(function (hit) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = hit.doc.href;
          link.textContent = hit.doc.title;
          item.appendChild(link);
          var note = document.createElement("span");
          note.className = "tk-hit";
          note.textContent = (hit.doc.date ? " " + hit.doc.date + " · " : " ") + hit.count +
            (hit.count === 1 ? " occurrence: " : " occurrences: ") + hit.words.slice(0, 8).join(", ");
          item.appendChild(note);
          list.appendChild(item);
        });
      }, function () { status.textContent = "The search index could not be loaded."; });
    });
  }

  return {
    docs: function (rows, count) { documents = rows; shardCount = count; },
    shard: function (number, data) {
      shards[number] = data;
      (waiting[number] || []).forEach(function (done) { done(); });
      delete waiting[number];
    },
    search: show,
    words: words
  };
}());

(function () {
  function cellKey(row, col) {
    var cell = row.cells[col];
    var key = cell.getAttribute("data-sort");
    return key === null ? cell.textContent.trim() : key;
  }

  function sortTable(table, col, button) {
    var head = button.parentNode;
    var ascending = head.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellKey(a, col);
      var y = cellKey(b, col);
      if (x === "" || y === "") { return (x === "") - (y === ""); } // empty last, both ways
      var nx = Number(x);
      var ny = Number(y);
      var order = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y, undefined, { numeric: true });
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function filterTable(table) {
    var text = document.getElementById("tk-doc-filter").value.trim().toLowerCase();
    var lang = document.getElementById("tk-lang-filter").value;
    var shown = 0;
    var rows = table.tBodies[0].rows;
    Array.prototype.forEach.call(rows, function (row) {
      var langs = (row.getAttribute("data-langs") || "").split(" ");
      var ok = (!text || row.textContent.toLowerCase().indexOf(text) >= 0) &&
        (!lang || langs.indexOf(lang) >= 0);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.getElementById("tk-doc-count").textContent =
      shown + " of " + rows.length + " documents";
  }

  function filterEntries() {
    var text = document.getElementById("tk-entry-filter").value.trim().toLowerCase();
    var entries = document.querySelectorAll(".tk-entry");
    var shown = 0;
    Array.prototype.forEach.call(entries, function (entry) {
      var ok = !text || (entry.getAttribute("data-name") || "").indexOf(text) >= 0;
      entry.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.getElementById("tk-entry-count").textContent =
      shown + " of " + entries.length + " entries";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var table = document.getElementById("tk-documents");
    if (table) {
      table.tHead.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-col]");
        if (button) { sortTable(table, Number(button.getAttribute("data-col")), button); }
      });
      document.getElementById("tk-doc-filter").addEventListener("input", function () { filterTable(table); });
      document.getElementById("tk-lang-filter").addEventListener("change", function () { filterTable(table); });
    }
    var entryFilter = document.getElementById("tk-entry-filter");
    if (entryFilter) { entryFilter.addEventListener("input", filterEntries); }
    var form = document.getElementById("tk-search-form");
    if (form) {
      var box = document.getElementById("tk-search-q");
      document.getElementById("tk-search-status").textContent = "";
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        teikitSearch.search(box.value);
      });
      var asked = new URLSearchParams(window.location.search).get("q");
      if (asked) { box.value = asked; teikitSearch.search(asked); }
    }
  });
}());
