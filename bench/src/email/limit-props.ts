import type { RequestCreatedEmailProps } from '@fixstream/emails';
import type { SeedOutput } from '../services/seed-data.ts';

/** Props of a realistic "new request" mail from the seeded records, for the render + send loop. */
export function limitMailProps(seed: SeedOutput): { to: string; props: RequestCreatedEmailProps } {
  const technician = seed.users.find((user) => user.role === 'technician');
  const requester = seed.users.find((user) => user.role === 'employee');
  const equipment = seed.equipment[0];
  const team = seed.teams[0];
  if (!technician || !requester || !equipment || !team) throw new Error('the seed lacks the mail parties');
  return {
    to: technician.email,
    props: {
      technicianName: technician.name,
      subject: 'placeholder',
      type: 'corrective',
      priority: 1,
      equipmentName: equipment.name,
      serialNumber: equipment.serialNumber,
      location: equipment.location,
      requesterName: requester.name,
      teamName: team.name,
      requestId: '665f1c2ab3e4d5f6a7b8c9d0',
      description: 'Benchmark request: the worker mails the technician like any other.',
      scheduledDate: null,
      requestUrl: null,
    },
  };
}
