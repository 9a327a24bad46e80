(function () {
  "use strict";
  var root = document.documentElement;
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
})();
