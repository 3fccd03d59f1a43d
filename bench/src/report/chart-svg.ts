/** One bar of the chart: a measured ratio (median with min and max) and the target it is held against. */
export interface RatioBar {
  label: string;
  median: number;
  min: number;
  max: number;
  /** Where the target lies, in the same orientation (higher is better for every bar). */
  target: number | null;
}

const width = 760;
const rowHeight = 34;
const left = 330;
const right = 40;
const top = 46;

/**
 * A horizontal bar chart of "ours relative to the reference" ratios on a log scale (1 = parity), with min–max
 * whiskers and a tick at each target: one picture of where fixstream stands against every comparison.
 * Plain SVG text, so it needs no dependency and diffs readably.
 */
export function ratioChartSvg(title: string, bars: readonly RatioBar[]): string {
  const height = top + bars.length * rowHeight + 40;
  const values = bars.flatMap((bar) => [bar.min, bar.max, bar.target ?? 1, 1]).filter((v) => v > 0);
  const lo = Math.min(...values) / 1.3;
  const hi = Math.max(...values) * 1.3;
  const x = (value: number) =>
    left + ((Math.log(value) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * (width - left - right);
  // Decades only when the range is wide, 1-2-5 steps otherwise, so tick labels never overlap.
  const wide = hi / lo > 200;
  const ticks = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50]
    .filter((tick) => !wide || Math.log10(tick) % 1 === 0)
    .filter((tick) => tick >= lo && tick <= hi);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${width / 2}" y="36" text-anchor="middle" fill="#555">log scale, higher is better; bar = median, whisker = min–max of the rounds, red tick = target</text>`,
  ];
  for (const tick of ticks) {
    parts.push(
      `<line x1="${x(tick)}" y1="${top - 4}" x2="${x(tick)}" y2="${height - 30}" stroke="${tick === 1 ? '#333' : '#ddd'}"/>`,
      `<text x="${x(tick)}" y="${height - 14}" text-anchor="middle" fill="#555">${tick}</text>`,
    );
  }
  bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    const met = bar.target === null || bar.median >= bar.target;
    const x0 = x(Math.min(1, bar.median));
    const x1 = x(Math.max(1, bar.median));
    parts.push(
      `<text x="${left - 8}" y="${y + 18}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${x0}" y="${y + 6}" width="${Math.max(1, x1 - x0)}" height="18" fill="${met ? '#3a8f5c' : '#d08a2e'}"/>`,
      `<line x1="${x(bar.min)}" y1="${y + 15}" x2="${x(bar.max)}" y2="${y + 15}" stroke="#222" stroke-width="1.5"/>`,
      `<text x="${x(Math.max(bar.max, 1)) + 6}" y="${y + 19}" fill="#222">${bar.median >= 0.1 ? bar.median.toFixed(2) : bar.median.toPrecision(2)}×</text>`,
    );
    if (bar.target !== null)
      parts.push(
        `<line x1="${x(bar.target)}" y1="${y + 2}" x2="${x(bar.target)}" y2="${y + 28}" stroke="#c62828" stroke-width="2.5"/>`,
      );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
