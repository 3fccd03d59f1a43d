import type { RequestParties } from '../services/seed-data.ts';

/**
 * The `requests.create` input the end-to-end, capacity and recovery parts send. The worker's mail subject ends
 * with the request's subject, so the `tag` at its end is how each request's mail is recognised at the sink.
 */
export function requestJson(parties: RequestParties, tag: string, i: number): string {
  return JSON.stringify({
    subject: `Pump vibrates ${tag}`,
    type: i % 2 ? 'preventive' : 'corrective',
    equipment: parties.equipmentIds[i % parties.equipmentIds.length],
    maintenanceTeam: parties.teamId,
    assignedTechnician: parties.technicianIds[i % parties.technicianIds.length],
    priority: i % 4,
  });
}
