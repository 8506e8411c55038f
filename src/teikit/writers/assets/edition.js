(function () {
  var body = document.body, nav = document.querySelector("nav.controls");
  var buttons = nav.querySelectorAll("button[data-view]");
  function show(view) {
    body.classList.toggle("view-diplomatic", view === "diplomatic");
    body.classList.toggle("view-reading", view !== "diplomatic");
    buttons.forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.view === view));
    });
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () { show(b.dataset.view); });
  });
  show(body.classList.contains("view-diplomatic") ? "diplomatic" : "reading");
  nav.hidden = false;
  document.querySelector("p.noscript").hidden = true;
  // an aligned sentence and its translation light up together
  function pair(event, on) {
    var s = event.target.closest ? event.target.closest(".tei-s[data-corresp]") : null;
    if (!s) { return; }
    var other = document.getElementById(s.dataset.corresp.slice(1));
    s.classList.toggle("paired", on);
    if (other) { other.classList.toggle("paired", on); }
  }
  document.addEventListener("mouseover", function (e) { pair(e, true); });
  document.addEventListener("mouseout", function (e) { pair(e, false); });
  // a name opens a panel with its register entry and its mentions
  var panel = null, opener = null;
  function snippet(el, a) {
    var block = el.closest("p,li,td,th,.tei-p,.tei-ab,.tei-l,.tei-head,.pcell,section") || el;
    var text = block.textContent.replace(/\s+/g, " ").trim();
    var name = el.textContent.replace(/\s+/g, " ").trim(), at = text.indexOf(name);
    if (at < 0) { a.textContent = text.slice(0, 90); return; }
    var from = text.lastIndexOf(" ", Math.max(0, at - 40)) + 1;
    var to = text.indexOf(" ", Math.min(text.length, at + name.length + 40));
    if (to < 0) { to = text.length; }
    var b = document.createElement("b");
    b.textContent = name;
    a.appendChild(document.createTextNode((from ? "…" : "") + text.slice(from, at)));
    a.appendChild(b);
    a.appendChild(document.createTextNode(text.slice(at + name.length, to) +
      (to < text.length ? "…" : "")));
  }
  function close() {
    if (panel && !panel.hidden) {
      panel.hidden = true;
      if (opener) { opener.focus(); }
    }
  }
  function open(entry, from) {
    if (!panel) {
      panel = document.createElement("aside");
      panel.className = "entry-panel";
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-labelledby", "tk-panel-title");
      panel.tabIndex = -1;
      document.body.appendChild(panel);
    }
    opener = from;
    panel.textContent = "";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "close";
    button.setAttribute("aria-label", "close");
    button.textContent = "×";
    button.addEventListener("click", close);
    panel.appendChild(button);
    var kind = document.createElement("div");
    kind.className = "kind";
    kind.textContent = entry.closest(".register-list").querySelector("h3").textContent;
    panel.appendChild(kind);
    var title = document.createElement("h2");
    title.id = "tk-panel-title";
    title.textContent = entry.querySelector("dt").textContent;
    panel.appendChild(title);
    var data = entry.querySelector("dd.entry-data");
    if (data) {
      var p = document.createElement("p");
      p.textContent = data.textContent;
      panel.appendChild(p);
    }
    var links = entry.querySelectorAll("dd.mentions a");
    var head = document.createElement("div");
    head.className = "kind";
    head.textContent = links.length ? links.length + (links.length === 1 ? " mention" : " mentions")
      : "not named in the text";
    panel.appendChild(head);
    var list = document.createElement("ol");
    links.forEach(function (link) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      var item = document.createElement("li"), a = document.createElement("a");
      a.href = link.getAttribute("href");
      snippet(target, a);
      if (link.classList.contains("r-only")) { item.className = "r-only"; }
      if (link.classList.contains("d-only")) { item.className = "d-only"; }
      item.appendChild(a);
      list.appendChild(item);
    });
    panel.appendChild(list);
    var more = document.createElement("p"), all = document.createElement("a");
    all.href = "#" + entry.id;
    all.textContent = "in the register";
    more.appendChild(all);
    panel.appendChild(more);
    panel.hidden = false;
    panel.focus();
  }
  document.addEventListener("click", function (e) {
    var name = e.target.closest ? e.target.closest("a.nm[href^='#']") : null;
    if (!name) { return; }
    var entry = document.getElementById(name.getAttribute("href").slice(1));
    if (!entry || !entry.classList.contains("entry")) { return; }
    e.preventDefault();
    open(entry, name);
  });
  // sections off screen are laid out lazily (content-visibility): once a link has
  // jumped, the sections it passed get their real height, so jump again until still
  function settle(target, tries, still) {
    var top = target.getBoundingClientRect().top;
    var margin = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
    if (Math.abs(top - margin) > 2) {
      target.scrollIntoView();
      still = 0;
    } else {
      still += 1;
    }
    if (tries > 0 && still < 4) {
      requestAnimationFrame(function () { settle(target, tries - 1, still); });
    }
  }
  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a[href^='#']") : null;
    if (!link || e.defaultPrevented) { return; }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (target) { requestAnimationFrame(function () { settle(target, 30, 0); }); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { close(); }
  });
})();
