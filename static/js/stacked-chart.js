// Draws every <canvas data-stacked-chart data-source="json-script-id"> as a stacked bar chart
// with Chart.js: {labels: [...], datasets: [{label, data: [...]}, ...]} from a json_script
// element, so templates hold no JavaScript. Used by the contributions totals (kind by year).
// charts.js (loaded first) gives the stack totals above the bars and the hidden data table.
document.addEventListener("DOMContentLoaded", () => {
  const palette = ["#1f4e79", "#198754", "#e0a800", "#6c757d", "#0dcaf0", "#6f42c1", "#fd7e14", "#20c997"];
  const language = document.documentElement.lang || "ru";
  const money = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
  document.querySelectorAll("canvas[data-stacked-chart]").forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.source);
    if (!source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const shared = window.PortalCharts;
    canvas.portalFormat = (value) => money.format(value);
    if (shared) shared.addDataTable(canvas, data.labels, data.datasets, (value) => money.format(value || 0));
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map((dataset, index) => ({
          label: dataset.label,
          data: dataset.data,
          backgroundColor: palette[index % palette.length],
        })),
      },
      plugins: shared ? [shared.valueLabels] : [],
      options: {
        layout: { padding: { top: 16 } },
        responsive: true,
        animation: false,
        maintainAspectRatio: false,
        plugins: {
          legend: { position: "right" },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${money.format(item.parsed.y)}` } },
        },
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: { callback: (value) => money.format(value) } },
        },
      },
    });
  });
});
