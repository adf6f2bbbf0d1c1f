// dashboard.js draws the dashboard's charts with ECharts from the JSON in
// the data-charts attribute of #dash-charts (the page has no inline
// script). Each chart's numbers are also in the table beside it.
(function () {
  "use strict";
  var box = document.getElementById("dash-charts");
  if (!box || typeof echarts === "undefined") {
    return;
  }
  var specs = JSON.parse(box.getAttribute("data-charts") || "[]");
  var charts = [];
  specs.forEach(function (c) {
    var el = document.getElementById("chart-" + c.id);
    if (!el) {
      return;
    }
    var horizontal = c.kind === "hbar";
    // every label of a short axis; a long one (the months) thins itself out
    var cats = {type: "category", data: c.labels, inverse: horizontal,
      axisLabel: {interval: c.labels.length > 12 ? "auto" : 0, hideOverlap: true}};
    var vals = {type: "value", minInterval: 1};
    if (!horizontal && c.labels.length > 4) {
      cats.axisLabel.rotate = 40;
    }
    var option = {
      animation: false,
      aria: {enabled: true},
      tooltip: {trigger: "axis", renderMode: "richText", confine: true},
      legend: {show: c.series.length > 1, top: 0},
      grid: {left: 8, right: 16, top: c.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true},
      xAxis: horizontal ? vals : cats,
      yAxis: horizontal ? cats : vals,
      series: c.series.map(function (s) {
        return {
          name: s.name,
          type: c.kind === "line" ? "line" : "bar",
          stack: c.stack ? "all" : undefined,
          data: s.data
        };
      })
    };
    var chart = echarts.init(el, null, {renderer: "canvas"});
    chart.setOption(option);
    charts.push(chart);
  });
  var pending = 0;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (c) { c.resize(); });
    }, 150);
  });
})();
