// Groundbreak's own script: draws ECharts charts from data the page carries in json_script tags.
// Charts appear on page load and when htmx swaps a fragment in; no inline script anywhere.
(function () {
  "use strict";

  function readData(element) {
    var source = document.getElementById(element.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  // A data point may carry a url: clicking it opens the projects behind it. Only paths on
  // this site are followed, whatever the data says.
  function sameSite(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/";
  }

  function clickable(chart) {
    chart.on("click", function (params) {
      var url = params.data && params.data.url;
      if (sameSite(url)) { window.location.assign(url); }
    });
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  // Tooltips are drawn as rich text on the canvas, never as HTML: names cannot inject markup.
  function lineChart(element, data) {
    var chart = echarts.init(element);
    chart.setOption({
      title: { text: data.title, left: 0, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { bottom: 0 },
      grid: { top: 40, left: 60, right: 20, bottom: 50 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value" },
      series: data.series.map(function (s) {
        return { name: s.name, type: "line", data: s.data, connectNulls: false };
      }),
    });
    clickable(chart);
  }

  // Horizontal bars, first label on top; an optional marker draws a reference line
  // (time progress against completion rates).
  function barChart(element, data) {
    var chart = echarts.init(element);
    var unit = data.unit || "";
    chart.setOption({
      title: { text: data.title, left: 0, textStyle: { fontSize: 13 } },
      tooltip: {
        trigger: "item",
        renderMode: "richText",
        formatter: function (p) { return p.name + ": " + p.value + unit; },
      },
      grid: { top: 40, left: 10, right: 40, bottom: 20, containLabel: true },
      xAxis: {
        type: "value",
        axisLabel: { formatter: "{value}" + unit },
        // Keep the reference line in view even when every bar is short of it.
        max: function (extent) {
          var marker = data.marker ? Number(data.marker.value) : 0;
          return Math.ceil(Math.max(extent.max, marker, 1) / 10) * 10;
        },
      },
      yAxis: { type: "category", data: data.labels, inverse: true },
      series: data.series.map(function (s, i) {
        var series = {
          name: s.name, type: "bar", data: s.data, cursor: "pointer", barMaxWidth: 28,
          label: { show: true, position: "right", formatter: "{c}" + unit },
        };
        if (i === 0 && data.marker) {
          series.markLine = {
            symbol: "none", silent: true,
            label: { position: "insideEndTop", formatter: data.marker.name + " {c}" + unit },
            data: [{ xAxis: data.marker.value }],
          };
        }
        return series;
      }),
    });
    clickable(chart);
  }

  function pieChart(element, data) {
    var chart = echarts.init(element);
    chart.setOption({
      title: { text: data.title, left: 0, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "item", renderMode: "richText", formatter: "{b}: {c} ({d}%)" },
      legend: { bottom: 0 },
      series: [{
        type: "pie", radius: ["35%", "65%"], cursor: "pointer",
        label: { formatter: "{b} {c}" },
        data: data.items.map(function (item) {
          return {
            name: item.name, value: item.value, url: item.url,
            itemStyle: item.color ? { color: item.color } : undefined,
          };
        }),
      }],
    });
    clickable(chart);
  }

  // Steps from the widest down, in the order given (not re-sorted); each item may carry the
  // share of the step before, in percent, shown in its tooltip.
  function funnelChart(element, data) {
    var chart = echarts.init(element);
    chart.setOption({
      title: { text: data.title, left: 0, textStyle: { fontSize: 13 } },
      tooltip: {
        trigger: "item",
        renderMode: "richText",
        formatter: function (p) {
          var share = p.data && p.data.share;
          return p.name + ": " + p.value + (share ? " (" + share + "%)" : "");
        },
      },
      series: [{
        type: "funnel", sort: "none", cursor: "pointer",
        top: 40, bottom: 10, left: "10%", width: "80%", minSize: "8%", gap: 2,
        label: { show: true, position: "inside", formatter: "{b} {c}" },
        data: data.items.map(function (item) {
          return { name: item.name, value: item.value, share: item.share, url: item.url };
        }),
      }],
    });
    clickable(chart);
  }

  var kinds = { line: lineChart, bar: barChart, pie: pieChart, funnel: funnelChart };

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

// Upload progress: a form marked data-upload-progress is sent with XMLHttpRequest so a
// Bootstrap progress bar can show the upload, then "checking rows…" while the server works.
// Without JavaScript the form posts as usual; the server's answer replaces the page either way.
(function () {
  "use strict";

  function progressBar(form) {
    var outer = document.createElement("div");
    outer.className = "progress mt-3";
    outer.setAttribute("role", "progressbar");
    outer.setAttribute("aria-valuemin", "0");
    outer.setAttribute("aria-valuemax", "100");
    outer.setAttribute("aria-label", form.dataset.uploadingLabel || "");
    var bar = document.createElement("div");
    bar.className = "progress-bar";
    outer.appendChild(bar);
    form.appendChild(outer);
    return {
      set: function (percent) {
        outer.setAttribute("aria-valuenow", String(percent));
        bar.style.width = percent + "%";
        bar.textContent = percent + "%";
      },
      checking: function () {
        outer.removeAttribute("aria-valuenow");
        outer.setAttribute("aria-label", form.dataset.checkingLabel || "");
        bar.classList.add("progress-bar-striped", "progress-bar-animated");
        bar.style.width = "100%";
        bar.textContent = form.dataset.checkingLabel || "";
      },
    };
  }

  function showResponse(xhr) {
    // A redirect was followed by the browser: show where it led (its messages are in it).
    if (xhr.responseURL && xhr.responseURL !== window.location.href) {
      window.history.replaceState(null, "", xhr.responseURL);
    }
    document.open();
    document.write(xhr.responseText);
    document.close();
  }

  function send(event) {
    var form = event.target;
    if (!form.matches("form[data-upload-progress]") || !window.FormData) { return; }
    event.preventDefault();
    var button = form.querySelector("[type=submit]");
    if (button) { button.disabled = true; }
    var bar = progressBar(form);
    bar.set(0);
    var xhr = new XMLHttpRequest();
    xhr.open(form.method || "post", form.action || window.location.href);
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { bar.set(Math.round((e.loaded / e.total) * 100)); }
    };
    xhr.upload.onload = bar.checking;
    xhr.onload = function () { showResponse(xhr); };
    // If anything goes wrong on the way, post the form the plain way.
    xhr.onerror = function () { HTMLFormElement.prototype.submit.call(form); };
    xhr.send(new FormData(form));
  }

  document.addEventListener("submit", send);
})();
