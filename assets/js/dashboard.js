// Draws the dashboard's charts from the JSON the page embeds; every chart element links to its projects.
(function () {
  const data = JSON.parse(document.getElementById("dashboard-data").textContent);
  const font = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
  const charts = [];
  function chart(id, option, clickable) {
    const element = document.getElementById(id);
    if (!element) return;
    const instance = echarts.init(element);
    instance.setOption(Object.assign({ textStyle: { fontFamily: font } }, option));
    if (clickable) {
      instance.on("click", function (params) {
        if (params.data && params.data.url) window.location.href = params.data.url;
      });
    }
    charts.push(instance);
  }
  chart("chart-monthly", {
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: ["累计完成", "计划（按序时）"] },
    grid: { left: 70, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.monthly.months },
    yAxis: { type: "value" },
    series: [
      { name: "累计完成", type: "bar", data: data.monthly.completed, itemStyle: { color: "#0d6efd" } },
      { name: "计划（按序时）", type: "line", data: data.monthly.plan, itemStyle: { color: "#c0392b" } },
    ],
  });
  chart("chart-funnel", {
    tooltip: { trigger: "item" },
    series: [{ type: "funnel", sort: "none", left: "5%", width: "62%", top: 10, bottom: 10, data: data.funnel,
               label: { position: "right", formatter: "{b} {c}" } }],
  }, true);
  chart("chart-departments", {
    tooltip: { trigger: "axis" },
    grid: { left: 90, right: 30, top: 10, bottom: 30 },
    xAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", inverse: true, data: data.departments.map(function (d) { return d.name; }) },
    series: [{ type: "bar", data: data.departments.map(function (d) {
      return { value: d.value, url: d.url,
               itemStyle: { color: d.value >= data.time_progress ? "#2e7d32" : "#c0392b" } };
    }), markLine: { symbol: "none", data: [{ xAxis: data.time_progress, name: "序时进度" }],
                    lineStyle: { color: "#d4a017" } } }],
  }, true);
  chart("chart-categories", {
    tooltip: { trigger: "item" },
    series: [{ type: "pie", radius: ["35%", "65%"], data: data.categories, label: { formatter: "{b}\n{d}%" } }],
  }, true);
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
