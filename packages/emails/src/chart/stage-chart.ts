import { describeStageCounts, type TeamStageCounts, teamTotal } from '../templates/stage-counts.ts';
import { renderPng } from './render-png.ts';
import { type StageChartSvg, stageChartSvg } from './stage-chart.svg.ts';

/** The report's chart as a PNG, with the size and alt text its `<img>` needs. */
export type StageChartImage = { png: Buffer; width: number; height: number; alt: string };

/**
 * The chart's alt text, with every number the image shows: shown where images are blocked (many clients block
 * them until asked) and read by screen readers, so nobody depends on seeing the bars.
 */
export function stageChartAlt(chart: Pick<StageChartSvg, 'shown' | 'omitted'>): string {
  const bars = chart.shown.map(
    (team) => `${team.teamName}: ${describeStageCounts(team.counts)} (${teamTotal(team)} in all).`,
  );
  const omitted =
    chart.omitted > 0
      ? [
          `${chart.omitted} more ${chart.omitted === 1 ? 'team is' : 'teams are'} in the table, not the chart.`,
        ]
      : [];
  return ['Bar chart of requests per team, by stage.', ...bars, ...omitted].join(' ');
}

/** Draws the requests-per-stage chart of a report ({@link stageChartSvg}) and rasterizes it ({@link renderPng}). */
export async function renderStageChart(
  teams: readonly TeamStageCounts[],
  signal?: AbortSignal,
): Promise<StageChartImage> {
  const chart = stageChartSvg(teams);
  const png = await renderPng(chart.svg, signal);
  return { png, width: chart.width, height: chart.height, alt: stageChartAlt(chart) };
}
