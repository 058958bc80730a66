// Draws every <canvas data-grouped-chart data-source="json-script-id"> as a bar chart with the
// series side by side (demand against expected graduates): {labels: [...], datasets: [{label,
// data: [...]}, ...]} from a json_script element, so templates hold no JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const palette = ["#1f4e79", "#198754", "#e0a800", "#6c757d"];
  document.querySelectorAll("canvas[data-grouped-chart]").forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.source);
    if (!source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
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
      options: {
        responsive: true,
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { position: "top" } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  });
});
