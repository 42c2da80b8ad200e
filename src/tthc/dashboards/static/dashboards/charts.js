/* Dashboard charts (Apache ECharts, vendored). Each chart is a <div class="chart"
   data-chart="bar|line|heatmap" data-source="ID">, its numbers in the JSON of
   <script id="ID" type="application/json"> (Django's json_script). The page shows
   the same numbers in a table, so the charts are a visual aid only (aria-hidden),
   and without JavaScript nothing is lost.
   Names come from imported data (units, indicators): tooltips are built as DOM nodes
   with textContent, never as HTML strings, so a name is always shown as text. */
(function () {
  "use strict";

  var PALETTE = ["#0b5cad", "#b35c00", "#2e7d32", "#7b3fa0", "#9b1c1c", "#57606a"];

  // Vietnamese numbers: decimal comma (1,5 điểm).
  function vi(value, digits) {
    if (value === null || value === undefined || value === "-") { return "—"; }
    return Number(value).toFixed(digits === undefined ? 1 : digits).replace(".", ",");
  }

  function read(el) {
    var source = document.getElementById(el.getAttribute("data-source"));
    return source ? JSON.parse(source.textContent) : null;
  }

  // A tooltip's content: a title line, then one line per [colour or null, text].
  function tip(title, lines) {
    var box = document.createElement("div");
    var head = document.createElement("div");
    head.className = "chart-tip-title";
    head.textContent = title;
    box.appendChild(head);
    lines.forEach(function (line) {
      var row = document.createElement("div");
      if (line[0]) {
        var swatch = document.createElement("span");
        swatch.className = "chart-tip-swatch";
        swatch.style.backgroundColor = line[0];  // CSSOM, which the CSP allows
        row.appendChild(swatch);
      }
      row.appendChild(document.createTextNode(line[1]));
      box.appendChild(row);
    });
    return box;
  }

  // The tooltip of a bar or line chart: the category, then each series' value.
  function axisTip(format) {
    return function (params) {
      var list = Array.isArray(params) ? params : [params];
      return tip(list.length ? String(list[0].axisValueLabel) : "", list.map(function (p) {
        return [p.color, p.seriesName + ": " + format(p.value)];
      }));
    };
  }

  function base() {
    return {
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: "Noto Sans, DejaVu Sans, Liberation Sans, Arial, sans-serif" },
      tooltip: { trigger: "axis", formatter: axisTip(function (v) { return vi(v); }) },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true }
    };
  }

  // data.stack: the series stacked (parts of one whole, e.g. an index's groups adding up to
  // its total); data.decimals: the tooltip's decimals (one by default).
  function bar(data) {
    var option = base();
    var whole = data.max === undefined;  // counts: whole numbers
    option.tooltip.formatter = axisTip(function (v) {
      return whole && v !== null ? String(v) : vi(v, data.decimals);
    });
    option.xAxis = { type: "category", data: data.categories, axisLabel: { interval: 0, hideOverlap: true } };
    option.yAxis = { type: "value", minInterval: whole ? 1 : 0, max: data.max,
                     axisLabel: { formatter: function (v) { return whole ? String(v) : vi(v, data.stack ? 0 : 1); } } };
    option.series = data.series.map(function (s) {
      var series = { type: "bar", name: s.name, data: s.values,
                     label: { show: whole, position: "top", formatter: function (p) { return p.value ? String(p.value) : ""; } } };
      if (data.stack) { series.stack = "total"; }
      return series;
    });
    return option;
  }

  function line(data) {
    var option = base();
    option.xAxis = { type: "category", data: data.categories, boundaryGap: true };
    option.yAxis = { type: "value", min: function (r) { return Math.max(0, Math.floor(r.min - 1)); },
                     max: data.max, axisLabel: { formatter: function (v) { return vi(v, 0); } } };
    option.series = data.series.map(function (s) {
      return { type: "line", name: s.name, data: s.values, connectNulls: false, symbolSize: 8,
               label: { show: true, position: "top", formatter: function (p) { return vi(p.value, 2); } } };
    });
    return option;
  }

  // Colours of the cell steps (the CSS classes of the ranking tables' cells).
  var STEP_COLOURS = { "muc-0": "#f2b8ae", "muc-1": "#fbd9a8", "muc-2": "#c6dcf0", "muc-3": "#a9d3a6" };

  // Everything named here comes from the page's data (the run's layout): the columns
  // (indicator short names), their full names, maxima and decimals, and the colour steps
  // as shares of each indicator's maximum. Each value is [column, row, share, points].
  function heatmap(data, el) {
    // On a phone the grid's numbers run together: the page's ranking tables, coloured
    // the same way and sorted by rank, stand in for it (the note under it says so).
    if (window.matchMedia && window.matchMedia("(max-width: 40rem)").matches) { return null; }
    var option = base();
    var decimals = data.decimals || [];
    function points(p) { return vi(p.value[3], decimals[p.value[0]]); }
    option.legend = { show: false };
    option.tooltip = { trigger: "item", formatter: function (p) {
      var x = p.value[0];
      var name = data.names ? " (" + data.names[x] + ")" : "";
      var max = data.maxima ? " / " + vi(data.maxima[x], decimals[x]) : "";
      return tip(String(data.rows[p.value[1]]), [[null, data.columns[x] + name + ": " + points(p) + max + " điểm"]]);
    } };
    option.grid = { left: 8, right: 16, top: 8, bottom: 56, containLabel: true };
    option.xAxis = { type: "category", data: data.columns, position: "top", splitArea: { show: true } };
    option.yAxis = { type: "category", data: data.rows, inverse: true, splitArea: { show: true },
                     axisLabel: { width: 220, overflow: "truncate" } };
    // The same steps (and colours) as the cells of the ranking tables, lowest first.
    var steps = data.steps || [];
    option.visualMap = { type: "piecewise", orient: "horizontal", left: "center", bottom: 0,
                         dimension: 2,
                         pieces: steps.map(function (step, i) {
                           var piece = { gte: step.gte, label: step.label, color: STEP_COLOURS[step.css] };
                           if (i + 1 < steps.length) { piece.lt = steps[i + 1].gte; }
                           if (i === 0) { delete piece.gte; }
                           return piece;
                         }).reverse() };
    option.series = [{ type: "heatmap", data: data.values.map(function (v) {
      return [v[0], v[1], v[2] === null ? "-" : v[2], v[3] === null ? "-" : v[3]];
    }), label: { show: data.rows.length <= 60, fontSize: 10, formatter: points } }];
    // One row of cells per agency, so the chart grows with the list.
    el.style.height = Math.max(240, 22 * data.rows.length + 110) + "px";
    return option;
  }

  var BUILDERS = { bar: bar, line: line, heatmap: heatmap };

  function draw() {
    if (!window.echarts) { return; }
    var charts = [];
    document.querySelectorAll(".chart[data-chart]").forEach(function (el) {
      var build = BUILDERS[el.getAttribute("data-chart")];
      var data = read(el);
      if (!build || !data) { return; }
      var option = build(data, el);
      if (!option) { return; }
      el.classList.add("chart-ready");
      var chart = window.echarts.init(el, null, { renderer: "svg", locale: "VI" });
      chart.setOption(option);
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
}());
