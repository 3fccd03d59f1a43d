import { describe, expect, it } from 'vitest';
import type { TeamStageCounts } from '../templates/stage-counts.ts';
import {
  CHART_MAX_TEAMS,
  CHART_WIDTH,
  STAGE_BAR_COLORS,
  stageChartSvg,
  teamsToChart,
} from './stage-chart.svg.ts';

const teams: TeamStageCounts[] = [
  { teamName: 'Mechanical', counts: { new: 3, in_progress: 5, repaired: 12, scrap: 1 } },
  { teamName: 'Electrical', counts: { new: 2, in_progress: 1, repaired: 7, scrap: 0 } },
];

function team(teamName: string, total: number): TeamStageCounts {
  return { teamName, counts: { new: total, in_progress: 0, repaired: 0, scrap: 0 } };
}

/** The bar segments of the chart: `<rect>`s in a stage colour with a height of 20. */
function segments(svg: string) {
  return [
    ...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="20" fill="(#[0-9a-f]+)"\/>/g),
  ].map((match) => ({ x: Number(match[1]), y: Number(match[2]), width: Number(match[3]), fill: match[4] }));
}

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((match) => match[1] as string);
}

describe('stageChartSvg', () => {
  it('draws one segment per non-zero stage, in stage order, as wide as its count', () => {
    const { svg } = stageChartSvg(teams);
    const bars = segments(svg);
    expect(bars.map((bar) => bar.fill)).toEqual([
      STAGE_BAR_COLORS.new,
      STAGE_BAR_COLORS.in_progress,
      STAGE_BAR_COLORS.repaired,
      STAGE_BAR_COLORS.scrap,
      STAGE_BAR_COLORS.new,
      STAGE_BAR_COLORS.in_progress,
      STAGE_BAR_COLORS.repaired,
    ]);
    const [first, ...rest] = bars;
    const unit = (first?.width ?? 0) / 3;
    expect(rest.slice(0, 3).map((bar) => Math.round(bar.width / unit))).toEqual([5, 12, 1]);
    expect(rest.slice(3).map((bar) => Math.round(bar.width / unit))).toEqual([2, 1, 7]);
    // segments of one bar follow each other without gaps
    for (let i = 1; i < 4; i++) {
      const previous = bars[i - 1];
      expect(bars[i]?.x).toBeCloseTo((previous?.x ?? 0) + (previous?.width ?? 0), 1);
    }
  });

  it('labels the axis, the legend, each team and each total', () => {
    const labels = texts(stageChartSvg(teams).svg);
    for (const label of ['Team', 'New', 'In progress', 'Repaired', 'Scrapped', 'Number of requests']) {
      expect(labels).toContain(label);
    }
    expect(labels).toEqual(expect.arrayContaining(['0', '5', '10', '15', '20', '25']));
    expect(labels).toEqual(expect.arrayContaining(['Mechanical', 'Electrical', '21', '10']));
  });

  it('is as wide as the mail column and grows in height with the teams', () => {
    const one = stageChartSvg(teams.slice(0, 1));
    const two = stageChartSvg(teams);
    expect(one.width).toBe(CHART_WIDTH);
    expect(two.height - one.height).toBe(32);
    expect(two.svg).toContain(`viewBox="0 0 ${CHART_WIDTH} ${two.height}"`);
  });

  it('escapes team names and shortens long ones', () => {
    const { svg } = stageChartSvg([team('<b>Night</b> & "day" shift', 1), team('x'.repeat(40), 1)]);
    expect(svg).not.toContain('<b>');
    expect(texts(svg)).toContain('&lt;b&gt;Night&lt;/b&gt; &amp; &quot;da…');
    expect(texts(svg)).toContain(`${'x'.repeat(18)}…`);
  });

  it('draws an empty axis from 0 to 1 when no team has a request', () => {
    const { svg } = stageChartSvg([team('Idle', 0)]);
    expect(segments(svg)).toEqual([]);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Idle', '0', '1']));
  });

  it('says how many teams it left out when there are too many', () => {
    const many = Array.from({ length: CHART_MAX_TEAMS + 3 }, (_, i) => team(`Team ${i}`, i));
    const chart = stageChartSvg(many);
    expect(chart.shown).toHaveLength(CHART_MAX_TEAMS);
    expect(chart.omitted).toBe(3);
    expect(texts(chart.svg)).toContain(
      `${CHART_MAX_TEAMS} of ${CHART_MAX_TEAMS + 3} teams shown: those with the most requests`,
    );
  });
});

describe('teamsToChart', () => {
  it('keeps every team while they fit', () => {
    expect(teamsToChart(teams)).toEqual(teams);
  });

  it('keeps the teams with the most requests, in the order given, ties going to the earlier team', () => {
    const many = Array.from({ length: CHART_MAX_TEAMS + 2 }, (_, i) => team(`Team ${i}`, i === 5 ? 0 : 10));
    many.push(team('Busiest', 99));
    const kept = teamsToChart(many).map((t) => t.teamName);
    expect(kept).toHaveLength(CHART_MAX_TEAMS);
    expect(kept).not.toContain('Team 5');
    expect(kept.at(-1)).toBe('Busiest');
    expect(kept.slice(0, 3)).toEqual(['Team 0', 'Team 1', 'Team 2']);
  });
});
