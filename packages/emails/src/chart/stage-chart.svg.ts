import { REQUEST_STATUSES, type RequestStatus } from '../templates/request-display.ts';
import { STAGES, type TeamStageCounts, teamTotal } from '../templates/stage-counts.ts';
import { CHART_FONT_FAMILY } from './chart-font.ts';
import { countTicks } from './nice-scale.ts';
import { shorten, svgText } from './svg-text.ts';

/**
 * Bar colours per stage: the hues of the stage badges in the mails, dark enough for white numbers on them (each
 * at least 4.5:1 against white) and told apart by lightness too, not by hue alone.
 */
export const STAGE_BAR_COLORS: Record<RequestStatus, string> = {
  new: '#6b7280',
  in_progress: '#2563eb',
  repaired: '#15803d',
  scrap: '#dc2626',
};

/** Past this many teams the bars would make a tall, heavy image; the report's table lists every team. */
export const CHART_MAX_TEAMS = 12;

/**
 * The width of a mail's content column (600 px less 24 px padding each side): drawn for it at one pixel per CSS
 * pixel, the image is never scaled in a desktop client, which would blur its text, and 12 teams stay under 60 kB.
 */
export const CHART_WIDTH = 552;
const PADDING = 8;
const LABEL_RIGHT = 150;
const PLOT_LEFT = 160;
const PLOT_RIGHT = CHART_WIDTH - 44;
const FIRST_BAR_TOP = 40;
const BAR_HEIGHT = 20;
const ROW_HEIGHT = 32;
const LABEL_CHARACTERS = 19;
/** DejaVu Sans Bold digits are 0.7 em wide; a count is written inside its segment only where it fits. */
const DIGIT_WIDTH_11PX = 7.7;

export type StageChartSvg = {
  svg: string;
  /** Size in CSS pixels, which is also the PNG's size in pixels. */
  width: number;
  height: number;
  /** The teams drawn, in the order given; at most {@link CHART_MAX_TEAMS}. */
  shown: TeamStageCounts[];
  /** Teams left out of the chart for want of room. */
  omitted: number;
};

/** The teams with the most requests when there are too many to draw, kept in the order the report lists them. */
export function teamsToChart(teams: readonly TeamStageCounts[]): TeamStageCounts[] {
  if (teams.length <= CHART_MAX_TEAMS) return [...teams];
  const kept = new Set(
    teams
      .map((team, index) => ({ index, total: teamTotal(team) }))
      .sort((a, b) => b.total - a.total || a.index - b.index)
      .slice(0, CHART_MAX_TEAMS)
      .map(({ index }) => index),
  );
  return teams.filter((_, index) => kept.has(index));
}

/**
 * About how wide DejaVu Sans draws a short label, from its advance widths (in em): enough to space the legend
 * evenly without measuring text at run time.
 */
function labelWidth(label: string, fontSize: number): number {
  let em = 0;
  for (const char of label) {
    if (/[ijlI]/.test(char)) em += 0.29;
    else if (/[frt ]/.test(char)) em += 0.38;
    else if (/[A-Zmw]/.test(char)) em += 0.72;
    else em += 0.62;
  }
  return em * fontSize;
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${x}" y="${y}"${attributes ? ` ${attributes}` : ''}>${content}</text>`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * A horizontal stacked bar chart of requests per stage, one bar per team: team names read left to right at any
 * length, and a company with more teams gets a taller image rather than thinner bars. Each bar carries its
 * segments' counts where they fit and its total at its end, so the numbers can be read off without the axis.
 * No title: the mail's heading above the image says what it shows. Hand-written SVG (no chart library): it is
 * small, and every byte of it is under test.
 */
export function stageChartSvg(teams: readonly TeamStageCounts[]): StageChartSvg {
  const shown = teamsToChart(teams);
  const omitted = teams.length - shown.length;
  const ticks = countTicks(Math.max(0, ...shown.map(teamTotal)));
  const scaleMax = ticks.at(-1) ?? 1;
  const xOf = (count: number) => round(PLOT_LEFT + (count / scaleMax) * (PLOT_RIGHT - PLOT_LEFT));
  const axisY = FIRST_BAR_TOP + shown.length * ROW_HEIGHT - (ROW_HEIGHT - BAR_HEIGHT) + 6;
  const height = axisY + 48 + (omitted > 0 ? 20 : 0);
  const parts: string[] = [];

  parts.push(`<rect width="${CHART_WIDTH}" height="${height}" fill="#ffffff"/>`);
  parts.push(
    text(LABEL_RIGHT, 26, 'Team', 'font-size="12" font-weight="bold" fill="#6b7280" text-anchor="end"'),
  );
  let legendX = PLOT_LEFT;
  for (const stage of STAGES) {
    const label = REQUEST_STATUSES[stage].label;
    parts.push(
      `<rect x="${legendX}" y="15" width="12" height="12" rx="2" fill="${STAGE_BAR_COLORS[stage]}"/>`,
    );
    parts.push(text(legendX + 17, 26, label, 'font-size="12" fill="#374151"'));
    legendX += 17 + labelWidth(label, 12) + 16;
  }

  for (const tick of ticks) {
    const x = xOf(tick);
    parts.push(`<line x1="${x}" y1="${FIRST_BAR_TOP - 6}" x2="${x}" y2="${axisY}" stroke="#e5e7eb"/>`);
    parts.push(text(x, axisY + 16, String(tick), 'font-size="11" fill="#6b7280" text-anchor="middle"'));
  }
  parts.push(`<line x1="${PLOT_LEFT}" y1="${axisY}" x2="${PLOT_RIGHT}" y2="${axisY}" stroke="#9ca3af"/>`);
  parts.push(
    text(
      round((PLOT_LEFT + PLOT_RIGHT) / 2),
      axisY + 36,
      'Number of requests',
      'font-size="12" fill="#374151" text-anchor="middle"',
    ),
  );

  shown.forEach((team, row) => {
    const top = FIRST_BAR_TOP + row * ROW_HEIGHT;
    const baseline = top + 14.5;
    const name = svgText(shorten(team.teamName, LABEL_CHARACTERS));
    parts.push(text(LABEL_RIGHT, baseline, name, 'font-size="13" fill="#111827" text-anchor="end"'));
    let sum = 0;
    for (const stage of STAGES) {
      const count = team.counts[stage];
      if (count <= 0) continue;
      const x = xOf(sum);
      const width = round(xOf(sum + count) - x);
      sum += count;
      parts.push(
        `<rect x="${x}" y="${top}" width="${width}" height="${BAR_HEIGHT}" fill="${STAGE_BAR_COLORS[stage]}"/>`,
      );
      if (width >= String(count).length * DIGIT_WIDTH_11PX + 6) {
        parts.push(
          text(
            round(x + width / 2),
            baseline - 0.5,
            String(count),
            'font-size="11" font-weight="bold" fill="#ffffff" text-anchor="middle"',
          ),
        );
      }
    }
    parts.push(
      text(round(xOf(sum) + 6), baseline, String(sum), 'font-size="12" font-weight="bold" fill="#111827"'),
    );
  });

  if (omitted > 0) {
    const note = `${shown.length} of ${teams.length} teams shown: those with the most requests`;
    parts.push(text(PADDING, height - 10, note, 'font-size="11" fill="#6b7280"'));
  }

  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" ` +
    `viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="${CHART_FONT_FAMILY}">${parts.join('')}</svg>`;
  return { svg, width: CHART_WIDTH, height, shown, omitted };
}
