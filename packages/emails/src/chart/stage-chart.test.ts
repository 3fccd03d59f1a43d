import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import type { TeamStageCounts } from '../templates/stage-counts.ts';
import { CHART_FONT_FAMILY, chartFontFiles } from './chart-font.ts';
import { pngHeader } from './png.test-util.ts';
import { CHART_MAX_TEAMS, CHART_WIDTH, stageChartSvg } from './stage-chart.svg.ts';
import { renderStageChart, stageChartAlt } from './stage-chart.ts';

const teams: TeamStageCounts[] = [
  { teamName: 'Mechanical', counts: { new: 3, in_progress: 5, repaired: 12, scrap: 1 } },
  { teamName: 'Electrical', counts: { new: 2, in_progress: 1, repaired: 7, scrap: 0 } },
  { teamName: 'Facilities', counts: { new: 0, in_progress: 2, repaired: 4, scrap: 2 } },
];

/** Pixels that are not white, in an RGBA buffer. */
function inked(pixels: Buffer): number {
  let count = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i] !== 255 || pixels[i + 1] !== 255 || pixels[i + 2] !== 255) count++;
  }
  return count;
}

describe('renderStageChart', () => {
  it('renders a PNG of the size the SVG declares', async () => {
    const chart = await renderStageChart(teams);
    const expected = stageChartSvg(teams);
    expect(pngHeader(chart.png)).toEqual({ width: CHART_WIDTH, height: expected.height });
    expect(chart.width).toBe(CHART_WIDTH);
    expect(chart.height).toBe(expected.height);
  });

  it('stays under 60 kB with the most teams it draws, all with long names and every count labelled', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      teamName: `Maintenance team number ${i + 1} of the plant`,
      counts: { new: 10 + i, in_progress: 20 + i, repaired: 40 + i, scrap: 10 + i },
    }));
    const chart = await renderStageChart(many);
    expect(chart.png.length).toBeLessThan(60_000);
    expect(pngHeader(chart.png).height).toBe(stageChartSvg(many).height);
  });

  it('draws hostile team names as text', async () => {
    const chart = await renderStageChart([
      {
        teamName: '</text><script>x</script>\u0000\r\n&amp;',
        counts: { new: 1, in_progress: 0, repaired: 0, scrap: 0 },
      },
    ]);
    expect(pngHeader(chart.png).width).toBe(CHART_WIDTH);
  });

  it('gives an alt text with every number the chart shows', async () => {
    const chart = await renderStageChart(teams);
    expect(chart.alt).toBe(
      'Bar chart of requests per team, by stage. ' +
        'Mechanical: 3 new, 5 in progress, 12 repaired, 1 scrapped (21 in all). ' +
        'Electrical: 2 new, 1 in progress, 7 repaired, 0 scrapped (10 in all). ' +
        'Facilities: 0 new, 2 in progress, 4 repaired, 2 scrapped (8 in all).',
    );
  });

  it('says in the alt text how many teams are left out of the chart', () => {
    const many = Array.from({ length: CHART_MAX_TEAMS + 1 }, (_, i) => ({
      teamName: `Team ${i}`,
      counts: { new: i, in_progress: 0, repaired: 0, scrap: 0 },
    }));
    const alt = stageChartAlt(stageChartSvg(many));
    expect(alt).not.toContain('Team 0:');
    expect(alt).toContain(`Team ${CHART_MAX_TEAMS}: ${CHART_MAX_TEAMS} new`);
    expect(alt).toMatch(/1 more team is in the table, not the chart\.$/);
  });
});

describe('the chart font', () => {
  const svg = (family: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="4" y="28" font-size="20" font-family="${family}">Team 42</text></svg>`;
  const render = (fontFiles: string[], family: string) =>
    new Resvg(svg(family), {
      background: '#ffffff',
      font: { loadSystemFonts: false, fontFiles, defaultFontFamily: family },
      logLevel: 'off',
    }).render().pixels;

  it('is a file in the package, which resvg draws text with where no system font is loaded', () => {
    expect(chartFontFiles()).toHaveLength(2);
    expect(inked(render([], CHART_FONT_FAMILY))).toBe(0);
    expect(inked(render(chartFontFiles(), CHART_FONT_FAMILY))).toBeGreaterThan(100);
  });
});
