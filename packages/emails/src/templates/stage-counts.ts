import { REQUEST_STATUSES, type RequestStatus } from './request-display.ts';

/** One team's requests per stage, as the report and its chart show them. */
export type TeamStageCounts = {
  teamName: string;
  counts: Record<RequestStatus, number>;
};

/** The stages in workflow order: every table, chart bar and legend lists them so. */
export const STAGES = Object.keys(REQUEST_STATUSES) as RequestStatus[];

export function teamTotal(team: TeamStageCounts): number {
  return STAGES.reduce((sum, stage) => sum + team.counts[stage], 0);
}

/** "3 new, 5 in progress, 12 repaired, 1 scrapped": the words the chart's alt text and legends agree on. */
export function describeStageCounts(counts: Record<RequestStatus, number>): string {
  return STAGES.map((stage) => `${counts[stage]} ${REQUEST_STATUSES[stage].label.toLowerCase()}`).join(', ');
}
