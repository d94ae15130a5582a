import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

/** Calm, distinguishable colours (Okabe–Ito), then greys for "other". */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#6A5ACD', '#999999'];

declare global {
  interface Window {
    /** Chart instances by canvas id, for the browser tests (read datasets and bar counts from Chart.js itself). */
    wardenCharts: Record<string, Chart>;
  }
}
window.wardenCharts ??= {};

export function drawChart(canvas: HTMLCanvasElement, config: ChartConfiguration): Chart {
  window.wardenCharts[canvas.id]?.destroy();
  const chart = new Chart(canvas, { ...config, options: { animation: false, responsive: true, maintainAspectRatio: false, ...config.options } });
  window.wardenCharts[canvas.id] = chart;
  return chart;
}

export function usdTicks(currency: string) {
  const f = new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 });
  return { callback: (v: string | number) => f.format(Number(v)) };
}
