(function () {
  "use strict";
  // Mirrors analysis.report.sliders: same summation order, same tie-break, same YAML.
  var data = JSON.parse(document.getElementById("slider-data").textContent);
  var text = data.text;  // the page's sentences in its language, with %(name)s placeholders
  var names = data.criteria;
  var items = data.items;
  var ranges = document.querySelectorAll("input.w-range");
  var numbers = document.querySelectorAll("input.w-num");
  var shares = document.querySelectorAll("output.w-share");
  var body = document.getElementById("rank-body");
  var summary = document.getElementById("rank-summary");
  var topNow = document.getElementById("top-now-list");  // the phone's sticky top 3
  var yamlOut = document.getElementById("yaml-out");
  var status = document.getElementById("copy-status");
  var weights = data.start.slice();
  var startRank = [];  // each item's place (0 first) with the configured weights
  var PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

  function total(w) {
    var t = 0;
    for (var c = 0; c < w.length; c++) { t += w[c]; }
    return t;
  }

  function scores(w) {
    var t = total(w);
    return items.map(function (it) {
      var num = 0;
      for (var c = 0; c < w.length; c++) { num += w[c] * it.x[c]; }
      return t > 0 ? num / t : 0;
    });
  }

  function scoreText(score) { return score.toFixed(3).replace(".", data.decimal); }  // as _score_text

  function tieKey(score) { return Math.floor(score * 1e9 + 0.5); }  // as _tie_key in Python

  function ranking(w) {
    var s = scores(w);
    var keys = s.map(tieKey);
    var order = items.map(function (_, k) { return k; });
    order.sort(function (a, b) {
      if (keys[a] !== keys[b]) { return keys[b] - keys[a]; }
      return items[a].tie - items[b].tie;
    });
    return { order: order, scores: s };
  }

  function rankRanges(w) {
    // as rank_ranges in Python: each weight moved down and up by data.step, clamped
    var vectors = [w];
    for (var c = 0; c < w.length; c++) {
      [-data.step, data.step].forEach(function (delta) {
        var moved = w.slice();
        moved[c] = Math.min(data.max, Math.max(0, w[c] + delta));
        vectors.push(moved);
      });
    }
    var low = [], high = [];
    vectors.forEach(function (v) {
      ranking(v).order.forEach(function (k, position) {
        var r = position + 1;
        low[k] = low[k] === undefined ? r : Math.min(low[k], r);
        high[k] = high[k] === undefined ? r : Math.max(high[k], r);
      });
    });
    return { low: low, high: high };
  }

  function hundredths(w) {
    var t = total(w);
    var quotas = w.map(function (wc) { return wc * 100 / t; });
    var floors = quotas.map(Math.floor);
    var left = 100 - floors.reduce(function (a, b) { return a + b; }, 0);
    var order = w.map(function (_, i) { return i; });
    order.sort(function (a, b) {
      var ra = quotas[a] - floors[a], rb = quotas[b] - floors[b];
      return ra !== rb ? rb - ra : a - b;
    });
    for (var i = 0; i < left; i++) { floors[order[i]] += 1; }
    return floors;
  }

  function yaml(w) {
    var parts = hundredths(w);
    var lines = ["priorities:", "  weights:"];
    for (var c = 0; c < names.length; c++) {
      var key = PLAIN_KEY.test(names[c]) ? names[c] : JSON.stringify(names[c]);
      var p = parts[c];
      lines.push("    " + key + ": " + Math.floor(p / 100) + "." + (p % 100 < 10 ? "0" : "") + (p % 100));
    }
    return lines.join("\n") + "\n";
  }

  function fill(template, values) {  // Python's template % values for %(name)s and %%
    return template.replace(/%\((\w+)\)s|%%/g, function (match, name) {
      return name === undefined ? "%" : String(values[name]);
    });
  }

  function cell(tag, className, content) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (content !== undefined) { el.textContent = content; }
    return el;
  }

  function render() {
    var t = total(weights);
    for (var c = 0; c < names.length; c++) {
      shares[c].textContent = fill(text.share, { share: t > 0 ? Math.round(100 * weights[c] / t) : 0 });
    }
    var result = ranking(weights);
    var ranges = rankRanges(weights);
    var holding = 0;
    var fragment = document.createDocumentFragment();
    result.order.forEach(function (k, position) {
      var it = items[k];
      var score = result.scores[k];
      var tr = document.createElement("tr");
      tr.setAttribute("data-id", it.id);
      tr.appendChild(cell("td", "num", String(position + 1)));
      var th = cell("th", "", it.title);
      th.setAttribute("scope", "row");
      if (it.stability) {
        th.appendChild(document.createTextNode(" "));
        th.appendChild(cell("span", "badge badge-" + it.badge, it.stability));
      }
      tr.appendChild(th);
      var lo = ranges.low[k], hi = ranges.high[k];
      if (lo === hi) { holding += 1; }
      tr.appendChild(cell("td", lo === hi ? "num range" : "num range moves",
                          lo === hi ? String(lo) : lo + "\u2013" + hi));
      var scoreCell = cell("td", "num score");
      scoreCell.appendChild(cell("span", "score-text", scoreText(score)));
      var bar = cell("span", "bar");
      bar.style.width = (100 * score).toFixed(1) + "%";
      scoreCell.appendChild(bar);
      tr.appendChild(scoreCell);
      fragment.appendChild(tr);
    });
    body.replaceChildren(fragment);
    var top = document.createDocumentFragment();
    result.order.slice(0, 3).forEach(function (k, position) {
      var li = cell("li");
      li.setAttribute("data-id", items[k].id);
      li.appendChild(cell("span", "top-title", items[k].title));
      li.appendChild(document.createTextNode(" "));
      var moved = startRank[k] - position;  // places up since the configured weights
      li.appendChild(cell("span", moved > 0 ? "move up" : moved < 0 ? "move down" : "move",
                          moved > 0 ? "\u25b2" + moved : moved < 0 ? "\u25bc" + (-moved) : "="));
      top.appendChild(li);
    });
    topNow.replaceChildren(top);
    var box = t > 0 ? yaml(weights) : "";
    if (yamlOut.textContent !== box) {  // the box always shows the current weights
      yamlOut.textContent = box;
      status.textContent = "";
    }
    if (t > 0 && items.length) {
      summary.textContent = fill(text.summary, {
        title: items[result.order[0]].title, score: scoreText(result.scores[result.order[0]]),
        holding: holding, total: items.length, step: data.step
      });
    } else {
      summary.textContent = text.all_zero;
    }
  }

  function setWeight(index, raw, source) {
    var value = Number(raw);
    if (raw === "" || !isFinite(value)) { return; }  // mid-typing: keep the last valid weight
    value = Math.min(100, Math.max(0, Math.round(value)));
    weights[index] = value;
    if (source !== ranges[index]) { ranges[index].value = String(value); }
    if (source !== numbers[index]) { numbers[index].value = String(value); }
    render();
  }

  function listen(list) {
    Array.prototype.forEach.call(list, function (input) {
      var index = Number(input.getAttribute("data-index"));
      input.addEventListener("input", function () { setWeight(index, input.value, input); });
      input.addEventListener("change", function () {
        input.value = String(weights[index]);  // show the clamped whole number on leaving
      });
    });
  }
  listen(ranges);
  listen(numbers);
  ranking(data.start).order.forEach(function (k, position) { startRank[k] = position; });

  document.getElementById("weights-form").addEventListener("submit", function (e) { e.preventDefault(); });
  document.getElementById("reset-weights").addEventListener("click", function () {
    weights = data.start.slice();
    for (var c = 0; c < names.length; c++) {
      ranges[c].value = String(weights[c]);
      numbers[c].value = String(weights[c]);
    }
    render();
  });

  document.getElementById("copy-yaml").addEventListener("click", function () {
    if (!(total(weights) > 0)) {
      yamlOut.textContent = "";
      status.textContent = text.zero_copy;
      return;
    }
    var snippet = yaml(weights);
    yamlOut.textContent = snippet;
    status.textContent = text.in_box;
    function copied() { status.textContent = text.copied; }
    function fallback() {
      try {
        var range = document.createRange();
        range.selectNodeContents(yamlOut);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        if (document.execCommand && document.execCommand("copy")) { copied(); }
      } catch (err) { /* the box still holds the text */ }
    }
    try {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(snippet).then(copied, fallback);
      } else {
        fallback();
      }
    } catch (err) {
      fallback();
    }
  });

  render();
  document.documentElement.setAttribute("data-sliders", "ready");
})();
