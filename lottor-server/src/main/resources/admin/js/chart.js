// The throughput chart (Chart.js from its WebJar, loaded by index.html as window.Chart). Without
// Chart.js the totals below the chart still tell the story.
import { h } from './dom.js';

// [key, label, colour, drawing order: lower is drawn on top, so failures are never hidden]
const SERIES = [
  ['prepared', 'Prepared', '#3b6fd8', 2],
  ['consumed', 'Consumed', '#1f8a4c', 1],
  ['failed', 'Failed', '#c62828', 0],
];

/** A chart bound to `canvas`; call update(buckets, unit) with the stats' throughput buckets. */
export function throughputChart(canvas) {
  const Chart = window.Chart;
  if (!Chart) return { update() {}, available: false };
  const style = getComputedStyle(document.documentElement);
  Chart.defaults.color = style.getPropertyValue('--muted').trim();
  Chart.defaults.borderColor = style.getPropertyValue('--border').trim();
  const chart = new Chart(canvas, {
    type: 'line',
    data: { labels: [], datasets: SERIES.map(([, label, color, order]) => dataset(label, color, order)) },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0 } },
        x: { ticks: { maxTicksLimit: canvas.clientWidth < 500 ? 4 : 8, maxRotation: 0 } },
      },
      plugins: { legend: { position: 'bottom', labels: { sort: (a, b) => a.datasetIndex - b.datasetIndex } } },
    },
  });
  return {
    available: true,
    update(buckets, unit) {
      chart.data.labels = buckets.map((b) => label(b.at, unit));
      SERIES.forEach(([key], i) => { chart.data.datasets[i].data = buckets.map((b) => b[key] || 0); });
      chart.update('none');
    },
    destroy() {
      chart.destroy();
    },
  };
}

function dataset(label, color, order) {
  return {
    label, order, data: [], borderColor: color, backgroundColor: color, borderWidth: 2, tension: 0.2,
    pointRadius: (context) => (context.raw > 0 ? 2.5 : 0),
  };
}

function label(iso, unit) {
  const date = new Date(iso);
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return unit === 'hour' ? `${date.toLocaleDateString([], { weekday: 'short' })} ${time}` : time;
}

/** "Last 60 min: 120 prepared, 118 consumed, 2 failed". */
export function totals(buckets, span) {
  const sum = (key) => buckets.reduce((n, b) => n + (b[key] || 0), 0);
  return h('p', { class: 'chart-totals' }, `${span}: `,
    h('strong', {}, String(sum('prepared'))), ' prepared, ',
    h('strong', {}, String(sum('consumed'))), ' consumed, ',
    h('strong', { class: sum('failed') > 0 ? 'text-bad' : undefined }, String(sum('failed'))), ' failed');
}
