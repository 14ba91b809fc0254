// Groundbreak's own script: draws ECharts charts from data the page carries in json_script tags.
// Charts appear on page load and when htmx swaps a fragment in; no inline script anywhere.
(function () {
  "use strict";

  function readData(element) {
    var source = document.getElementById(element.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  function lineChart(element, data) {
    var chart = echarts.init(element);
    chart.setOption({
      title: { text: data.title, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 24 },
      grid: { top: 60, left: 60, right: 20, bottom: 30 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value" },
      series: data.series.map(function (s) {
        return { name: s.name, type: "line", data: s.data, connectNulls: false };
      }),
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  var kinds = { line: lineChart };

  function draw(root) {
    root.querySelectorAll("[data-chart]").forEach(function (element) {
      if (element.dataset.drawn) { return; }
      var data = readData(element);
      var kind = kinds[element.dataset.chart];
      if (data && kind && window.echarts) {
        kind(element, data);
        element.dataset.drawn = "1";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.target); });
})();
