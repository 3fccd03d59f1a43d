/**
 * The typed client from a script: sign in as the demo employee, create a maintenance request on seeded
 * equipment, list the latest requests. Run it while `pnpm dev` runs: `pnpm --dir examples/typed-client start`.
 * FIXSTREAM_API_URL, FIXSTREAM_EMAIL and FIXSTREAM_PASSWORD point it elsewhere.
 */
import { createClient, isTRPCClientError } from '@fixstream/client';

const url = process.env.FIXSTREAM_API_URL ?? 'http://localhost:3000/trpc';
const email = process.env.FIXSTREAM_EMAIL ?? 'employee@acme.example';
const password = process.env.FIXSTREAM_PASSWORD ?? 'demo-employee-pass';

let token: string | null = null;
const api = createClient({ url, token: () => token });

try {
  const session = await api.auth.login.mutate({ email, password });
  token = session.token;
  console.log(`Signed in as ${session.user.name} (${session.user.role}).`);

  // Equipment names its maintenance team and default technician: together, what a request needs.
  const { items: equipment } = await api.equipment.list.query({ limit: 20 });
  const target = equipment.find((item) => item.team !== null && item.defaultTechnician !== null);
  if (!target?.team || !target.defaultTechnician) {
    throw new Error('No equipment with a team and a default technician: run `pnpm seed` first.');
  }

  const request = await api.requests.create.mutate({
    subject: `${target.name}: oil change due`,
    type: 'preventive',
    priority: 1,
    equipment: target.id,
    maintenanceTeam: target.team,
    assignedTechnician: target.defaultTechnician,
  });
  console.log(`Created request ${request.id} (${request.status}) on ${target.name}.`);

  const { items: latest } = await api.requests.list.query({ limit: 5 });
  console.log('Latest requests:');
  for (const item of latest) console.log(`  ${item.id}  ${item.status.padEnd(11)}  ${item.subject}`);
} catch (error) {
  // The API's errors carry a tRPC code and a sentence a person understands.
  if (isTRPCClientError(error)) console.error(`${error.data?.code ?? 'ERROR'}: ${error.message}`);
  else console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
