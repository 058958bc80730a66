// Draws every <canvas data-chart="bar|doughnut|line" data-source="json-script-id"> with Chart.js.
// The data comes from a {{ value|json_script }} element, so templates hold no JavaScript. Two
// shapes are read:
//   {"labels": [...], "values": [...], "colours": [...]?}                 one series
//   {"labels": [...], "datasets": [{"label", "data", "colour"?}, ...]}     one or more series
// A null value is a gap («нет данных»), never drawn as 0.
//
// Accessibility: bars carry their value (and a doughnut's legend its counts), and each chart
// gets a visually hidden data table built from the same data, right after the canvas, captioned
// with the canvas's label, unless the canvas already names its table with aria-describedby.
// window.PortalCharts shares these with the other chart scripts (stacked-chart.js).
(() => {
  const language = document.documentElement.lang || "ru";
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  const format = (value) => (value === null || value === undefined ? "—" : number.format(value));

  // Writes each bar's value above it (inside the top of a stacked bar: the stack's total above
  // the last one), where it fits the bar's width.
  const valueLabels = {
    id: "portalValueLabels",
    afterDatasetsDraw(chart) {
      if (chart.config.type !== "bar") return;
      const { ctx } = chart;
      const stacked = Boolean(chart.options.scales && chart.options.scales.x && chart.options.scales.x.stacked);
      ctx.save();
      ctx.font = "12px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
      ctx.fillStyle = "#212529";
      ctx.textAlign = "center";
      ctx.textBaseline = "bottom";
      const visible = chart.data.datasets.map((_, index) => chart.isDatasetVisible(index));
      const last = visible.lastIndexOf(true);
      chart.data.datasets.forEach((set, index) => {
        if (!visible[index] || (stacked && index !== last)) return;
        chart.getDatasetMeta(index).data.forEach((bar, position) => {
          const value = stacked
            ? chart.data.datasets.reduce((sum, other, i) => sum + (visible[i] ? Number(other.data[position]) || 0 : 0), 0)
            : set.data[position];
          if (value === null || value === undefined || (stacked && value === 0)) return;
          const text = (chart.canvas.portalFormat || format)(value);
          if (ctx.measureText(text).width > bar.width + 6) return;
          ctx.fillText(text, bar.x, bar.y - 2);
        });
      });
      ctx.restore();
    },
  };

  // A visually hidden table of the chart's figures: a row per label, a column per series.
  function addDataTable(canvas, labels, datasets, formatValue = format) {
    if (canvas.hasAttribute("aria-describedby") || canvas.dataset.tableAdded) return;
    canvas.dataset.tableAdded = "1";
    // The class goes on a wrapper: a table ignores width and overflow, so it would still widen the page.
    const wrapper = document.createElement("div");
    wrapper.className = "visually-hidden";
    const table = document.createElement("table");
    wrapper.appendChild(table);
    const caption = table.createCaption();
    caption.textContent = canvas.getAttribute("aria-label") || "";
    const head = table.createTHead().insertRow();
    head.appendChild(document.createElement("td"));
    datasets.forEach((set) => {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = set.label || canvas.dataset.label || caption.textContent;
      head.appendChild(th);
    });
    const body = table.createTBody();
    labels.forEach((label, position) => {
      const row = body.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = label;
      row.appendChild(th);
      datasets.forEach((set) => {
        row.insertCell().textContent = formatValue(set.data[position]);
      });
    });
    canvas.insertAdjacentElement("afterend", wrapper);
  }

  window.PortalCharts = { valueLabels, addDataTable, format };

  document.addEventListener("DOMContentLoaded", () => {
    // Axis and legend texts darker than Chart.js's #666, for contrast on white.
    if (typeof Chart !== "undefined") Chart.defaults.color = "#495057";
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

    // A doughnut's legend says each slice's count: «Активный — 12».
    function legendWithValues(chart) {
      const labels = Chart.overrides.doughnut.plugins.legend.labels.generateLabels(chart);
      const values = chart.data.datasets[0] ? chart.data.datasets[0].data : [];
      return labels.map((item) => ({ ...item, text: `${item.text} — ${format(values[item.index])}` }));
    }

    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const source = document.getElementById(canvas.dataset.source);
      if (!source || typeof Chart === "undefined") return;
      const data = JSON.parse(source.textContent);
      const type = canvas.dataset.chart;
      const datasets = datasetsOf(data, type, canvas);
      const legend = type === "doughnut" || datasets.length > 1;
      addDataTable(canvas, data.labels, datasets);
      new Chart(canvas, {
        type,
        data: { labels: data.labels, datasets },
        plugins: [valueLabels],
        options: {
          responsive: true,
          animation: false,
          maintainAspectRatio: false,
          layout: { padding: { top: type === "bar" ? 16 : 0 } },
          plugins: {
            legend: {
              display: legend,
              position: type === "doughnut" && !narrow() ? "right" : "bottom",
              labels: type === "doughnut" ? { boxWidth: 12, generateLabels: legendWithValues } : { boxWidth: 12 },
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
})();
