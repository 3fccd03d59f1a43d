import type { RequestParties } from '../services/seed-data.ts';

/** The one `requests.create` body the API section sends, again and again, to every side it compares. */
export function createRequestBody(parties: RequestParties): string {
  return JSON.stringify({
    subject: 'Conveyor belt squeaks at station 4',
    type: 'corrective',
    equipment: parties.equipmentIds[0],
    maintenanceTeam: parties.teamId,
    assignedTechnician: parties.technicianIds[0],
    description: 'Benchmark request',
    priority: 2,
  });
}
