(function () {
  "use strict";
  var root = document.documentElement;
  // A link to a card folded in <details> opens it.
  function openTarget() {
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target && target.tagName === "DETAILS") { target.open = true; }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  var plots = [];
  function resizeAll() {
    var done = [];
    if (typeof Plotly === "undefined") { return Promise.resolve(); }
    for (var j = 0; j < plots.length; j++) {
      if (plots[j].offsetWidth > 0) { done.push(Plotly.Plots.resize(plots[j])); }
    }
    return Promise.all(done);
  }
  // Printing (and the PDF edition) shows every data table and card: open the closed ones, fit
  // the charts to the page, and close them again afterwards.
  var openedForPrint = [];
  function openForPrint() {
    var closed = document.querySelectorAll("details.data-table:not([open]), details.mc-card:not([open])");
    for (var m = 0; m < closed.length; m++) { closed[m].open = true; openedForPrint.push(closed[m]); }
    root.setAttribute("data-print", "opening");
    return resizeAll().then(
      function () { root.setAttribute("data-print", "ready"); },
      function () { root.setAttribute("data-print", "ready"); }
    );
  }
  function closeAfterPrint() {
    for (var m = 0; m < openedForPrint.length; m++) { openedForPrint[m].open = false; }
    openedForPrint = [];
    root.removeAttribute("data-print");
    resizeAll();
  }
  window.addEventListener("beforeprint", openForPrint);
  window.addEventListener("afterprint", closeAfterPrint);
  if (typeof Plotly === "undefined") {
    root.setAttribute("data-charts", "failed");
    return;
  }
  var blocks = document.querySelectorAll("script.chart-data");
  var pending = [];
  for (var i = 0; i < blocks.length; i++) {
    var target = document.getElementById(blocks[i].getAttribute("data-target"));
    if (!target) { continue; }
    var spec = JSON.parse(blocks[i].textContent);
    plots.push(target);
    pending.push(Plotly.newPlot(target, spec.data, spec.layout, spec.config));
  }
  Promise.all(pending).then(
    function () { root.setAttribute("data-charts", "ready"); },
    function () { root.setAttribute("data-charts", "failed"); }
  );
  // Charts drawn while their <details> was closed had no width: fit them when it opens.
  document.addEventListener("toggle", function (event) {
    var box = event.target;
    if (!box.open || !box.querySelectorAll) { return; }
    var inside = box.querySelectorAll(".js-plotly-plot");
    for (var k = 0; k < inside.length; k++) { Plotly.Plots.resize(inside[k]); }
  }, true);
})();
