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
})();
