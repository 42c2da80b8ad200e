/* Dashboard charts (Apache ECharts, vendored). Each chart is a <div class="chart"
   data-chart="bar|line|heatmap" data-source="ID">, its numbers in the JSON of
   <script id="ID" type="application/json"> (Django's json_script). The page shows
   the same numbers in a table, so the charts are a visual aid only (aria-hidden),
   and without JavaScript nothing is lost. */
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

  function base() {
    return {
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: "Noto Sans, DejaVu Sans, Liberation Sans, Arial, sans-serif" },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return vi(v); } },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true }
    };
  }

  function bar(data) {
    var option = base();
    var whole = data.max === undefined;  // counts: whole numbers
    option.tooltip.valueFormatter = function (v) { return whole ? String(v) : vi(v); };
    option.xAxis = { type: "category", data: data.categories, axisLabel: { interval: 0, hideOverlap: true } };
    option.yAxis = { type: "value", minInterval: whole ? 1 : 0, max: data.max,
                     axisLabel: { formatter: function (v) { return whole ? String(v) : vi(v); } } };
    option.series = data.series.map(function (s) {
      return { type: "bar", name: s.name, data: s.values,
               label: { show: whole, position: "top", formatter: function (p) { return p.value ? String(p.value) : ""; } } };
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

  function heatmap(data, el) {
    var option = base();
    option.legend = { show: false };
    option.tooltip = { trigger: "item", formatter: function (p) {
      return data.rows[p.value[1]] + "<br>" + data.columns[p.value[0]] + ": " + vi(p.value[2]) + " điểm";
    } };
    option.grid = { left: 8, right: 16, top: 8, bottom: 56, containLabel: true };
    option.xAxis = { type: "category", data: data.columns, position: "top", splitArea: { show: true } };
    option.yAxis = { type: "category", data: data.rows, inverse: true, splitArea: { show: true },
                     axisLabel: { width: 220, overflow: "truncate" } };
    // The same four bands (and colours) as the cells of the ranking tables.
    option.visualMap = { type: "piecewise", orient: "horizontal", left: "center", bottom: 0,
                         pieces: [
                           { gte: 2, label: "2 điểm", color: "#a9d3a6" },
                           { gte: 1.5, lt: 2, label: "1,5 đến dưới 2", color: "#c6dcf0" },
                           { gte: 1, lt: 1.5, label: "1 đến dưới 1,5", color: "#fbd9a8" },
                           { lt: 1, label: "dưới 1", color: "#f2b8ae" }
                         ] };
    option.series = [{ type: "heatmap", data: data.values.map(function (v) {
      return [v[0], v[1], v[2] === null ? "-" : v[2]];
    }), label: { show: data.rows.length <= 60, fontSize: 10, formatter: function (p) { return vi(p.value[2]); } } }];
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
      el.classList.add("chart-ready");
      var option = build(data, el);
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
