// Draws every <canvas data-chart="bar|doughnut" data-source="json-script-id"> with Chart.js.
// The data comes from a {{ value|json_script }} element, so templates hold no JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const palette = ["#1f4e79", "#198754", "#e0a800", "#6c757d", "#0dcaf0", "#6f42c1", "#fd7e14", "#20c997"];
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.source);
    if (!source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const type = canvas.dataset.chart;
    new Chart(canvas, {
      type,
      data: {
        labels: data.labels,
        datasets: [{
          label: canvas.dataset.label || "",
          data: data.values,
          backgroundColor: data.colours || (type === "bar" ? palette[0] : palette.slice(0, data.values.length)),
        }],
      },
      options: {
        responsive: true,
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: type !== "bar", position: "right" } },
        scales: type === "bar" ? { y: { beginAtZero: true, ticks: { precision: 0 } } } : {},
      },
    });
  });
});
