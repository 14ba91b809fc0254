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
