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
  if (typeof Plotly === "undefined") {
    root.setAttribute("data-charts", "failed");
    return;
  }
  var blocks = document.querySelectorAll("script.chart-data");
  var plots = [];
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
  function resizeAll() {
    for (var j = 0; j < plots.length; j++) { Plotly.Plots.resize(plots[j]); }
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  // Charts drawn while their <details> was closed had no width: fit them when it opens.
  document.addEventListener("toggle", function (event) {
    var box = event.target;
    if (!box.open || !box.querySelectorAll) { return; }
    var inside = box.querySelectorAll(".js-plotly-plot");
    for (var k = 0; k < inside.length; k++) { Plotly.Plots.resize(inside[k]); }
  }, true);
})();
