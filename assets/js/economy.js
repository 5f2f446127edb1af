// Draws the monitoring page's charts from the JSON the page embeds (CSP: no inline script).
(function () {
  const source = document.getElementById("economy-data");
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const font = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
  const charts = [];
  function chart(id, option) {
    const element = document.getElementById(id);
    if (!element) return;
    const instance = echarts.init(element);
    instance.setOption(Object.assign({ textStyle: { fontFamily: font } }, option));
    charts.push(instance);
  }
  chart("chart-compare", {
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; } },
    legend: { top: 0, data: ["本区增速", "全市增速"] },
    grid: { left: 150, right: 30, top: 30, bottom: 30 },
    xAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", inverse: true, data: data.compare.names },
    series: [
      { name: "本区增速", type: "bar", data: data.compare.growth.map(function (v, i) {
          const city = data.compare.city[i];
          return { value: v, itemStyle: { color: v > city ? "#2e7d32" : "#c0392b" } };
        }) },
      { name: "全市增速", type: "bar", data: data.compare.city, itemStyle: { color: "#9e9e9e" } },
    ],
  });
  chart("chart-trend", {
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; } },
    legend: { type: "scroll", top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.trend.periods },
    yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    series: data.trend.indicators.map(function (s) {
      return { name: s.name, type: "line", connectNulls: true, data: s.growth };
    }),
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
