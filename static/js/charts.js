// Draws every <canvas data-chart="bar|doughnut|line" data-source="json-script-id"> with Chart.js.
// The data comes from a {{ value|json_script }} element, so templates hold no JavaScript. Two
// shapes are read:
//   {"labels": [...], "values": [...], "colours": [...]?}                 one series
//   {"labels": [...], "datasets": [{"label", "data", "colour"?}, ...]}     one or more series
// A null value is a gap («нет данных»), never drawn as 0.
document.addEventListener("DOMContentLoaded", () => {
  const palette = ["#1f4e79", "#198754", "#e0a800", "#6c757d", "#0dcaf0", "#6f42c1", "#fd7e14", "#20c997", "#dc3545"];
  const narrow = () => window.matchMedia("(max-width: 767.98px)").matches;

  function datasetsOf(data, type, canvas) {
    if (Array.isArray(data.datasets)) {
      return data.datasets.map((set, index) => {
        const colour = set.colour || (type === "doughnut" ? palette : palette[index % palette.length]);
        return {
          label: set.label || "",
          data: set.data,
          backgroundColor: colour,
          borderColor: type === "line" ? colour : undefined,
          spanGaps: false,
          tension: 0.2,
        };
      });
    }
    return [{
      label: canvas.dataset.label || "",
      data: data.values,
      backgroundColor: data.colours || (type === "bar" ? palette[0] : palette.slice(0, data.values.length)),
    }];
  }

  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.source);
    if (!source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const type = canvas.dataset.chart;
    const datasets = datasetsOf(data, type, canvas);
    const legend = type === "doughnut" || datasets.length > 1;
    new Chart(canvas, {
      type,
      data: { labels: data.labels, datasets },
      options: {
        responsive: true,
        animation: false,
        maintainAspectRatio: false,
        plugins: {
          legend: {
            display: legend,
            position: type === "doughnut" && !narrow() ? "right" : "bottom",
            labels: { boxWidth: 12 },
          },
        },
        scales: type === "doughnut" ? {} : {
          y: { beginAtZero: true, ticks: { precision: 0 } },
          x: { ticks: { autoSkip: true, maxRotation: narrow() ? 60 : 30 } },
        },
      },
    });
  });
});
