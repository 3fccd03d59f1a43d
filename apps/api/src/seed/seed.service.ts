import { type Database, nextPreventiveAt, type PasswordHasher } from '@fixstream/db';
import { webhookEventNames } from '@fixstream/events';
import type { Types } from 'mongoose';
import { demoCompany, demoEquipment, demoTeams, demoUsers } from './demo-data.ts';
import { seedOverdueRequest } from './seed-overdue-request.ts';

/** The contract `pnpm seed` prints as its last line (README, "Quick start"). */
export interface SeedResult {
  company: { id: string; name: string };
  users: { id: string; name: string; email: string; password: string; role: string }[];
  teams: { id: string; name: string; members: string[] }[];
  /** `team` and `defaultTechnician` are ids: together with the equipment's, a ready `requests.create` input. */
  equipment: {
    id: string;
    name: string;
    serialNumber: string;
    location: string;
    team: string;
    defaultTechnician: string;
  }[];
}

/** A demo user as the seed knows it, for choosing their password. */
export type DemoUser = (typeof demoUsers)[number];

/** Options of {@link seedDemoData}. */
export interface SeedOptions {
  /** The password each user gets; the published demo one unless given (production seeds generate them). */
  passwordFor?: (user: DemoUser) => string;
  /**
   * A demo webhook endpoint for every request event, pointing at `pnpm dev`'s receiver on the mail sink (which
   * verifies with `secret`); left out by a plain `pnpm seed`, which keeps an endpoint it made before as it is.
   */
  demoWebhook?: { url: string; secret: string } | undefined;
}

/** How the seed finds its demo endpoint again. */
export const demoWebhookDescription = 'Demo receiver (pnpm dev mail sink)';

const upsert = { upsert: true, returnDocument: 'after', runValidators: true } as const;

/**
 * Creates or refreshes the demo company. Idempotent: records are matched by their natural keys (company name,
 * email, team name, serial number), so running it twice leaves one of each, with the passwords chosen this time.
 */
export async function seedDemoData(
  db: Database,
  passwords: PasswordHasher,
  options: SeedOptions = {},
): Promise<SeedResult> {
  const passwordFor = options.passwordFor ?? ((user: DemoUser) => user.password);
  const { Company, User, Team, Equipment } = db.models;
  const company = await Company.findOneAndUpdate(
    { name: demoCompany.name },
    { $set: demoCompany },
    upsert,
  ).lean();
  if (!company) throw new Error('company upsert returned nothing');
  // Two weeks of history, so the weekly report of the week that ended last is due at once (a company gets no
  // report of a period that ended before it existed).
  const historyStart = new Date(Date.now() - 14 * 86_400_000);
  await Company.collection.updateOne(
    { _id: company._id, createdAt: { $gt: historyStart } },
    { $set: { createdAt: historyStart } },
  );

  const userIds = new Map<string, Types.ObjectId>();
  const users: SeedResult['users'] = [];
  for (const demo of demoUsers) {
    const password = passwordFor(demo);
    const passwordHash = await passwords.hash(password);
    // updateOne, not findOneAndUpdate: the hidden passwordHash makes mongoose send a projection with
    // findAndModify, which FerretDB 1.24 does not implement.
    await User.updateOne(
      { email: demo.email },
      { $set: { name: demo.name, role: demo.role, company: company._id, active: true, passwordHash } },
      { upsert: true, runValidators: true },
    );
    const user = await User.findOne({ email: demo.email }, { _id: 1 }).lean();
    if (!user) throw new Error(`user upsert returned nothing for ${demo.email}`);
    userIds.set(demo.key, user._id);
    users.push({
      id: user._id.toString(),
      name: demo.name,
      email: demo.email,
      password,
      role: demo.role,
    });
  }
  const idOf = (key: string) => {
    const id = userIds.get(key);
    if (!id) throw new Error(`unknown demo user ${key}`);
    return id;
  };

  const teamIds = new Map<string, Types.ObjectId>();
  const teams: SeedResult['teams'] = [];
  for (const demo of demoTeams) {
    const members = demo.members.map(idOf);
    const team = await Team.findOneAndUpdate(
      { company: company._id, name: demo.name },
      { $set: { members } },
      upsert,
    ).lean();
    if (!team) throw new Error(`team upsert returned nothing for ${demo.name}`);
    teamIds.set(demo.key, team._id);
    teams.push({ id: team._id.toString(), name: demo.name, members: members.map(String) });
  }

  const equipment: SeedResult['equipment'] = [];
  for (const demo of demoEquipment) {
    const team = teamIds.get(demo.team);
    if (!team) throw new Error(`unknown demo team ${demo.team}`);
    const technician = idOf(demo.technician);
    const item = await Equipment.findOneAndUpdate(
      { company: company._id, serialNumber: demo.serialNumber },
      {
        $set: {
          name: demo.name,
          location: demo.location,
          category: demo.category,
          team,
          defaultTechnician: technician,
          preventiveIntervalDays: demo.preventiveIntervalDays,
        },
        $setOnInsert: { nextPreventiveAt: firstPreventiveAt(demo) },
      },
      upsert,
    ).lean();
    if (!item) throw new Error(`equipment upsert returned nothing for ${demo.serialNumber}`);
    equipment.push({
      id: item._id.toString(),
      name: demo.name,
      serialNumber: demo.serialNumber,
      location: demo.location,
      team: team.toString(),
      defaultTechnician: technician.toString(),
    });
  }

  await seedOverdueRequest(db, company._id, { users: userIds, equipment });
  if (options.demoWebhook) {
    // updateOne: the hidden secret would make mongoose send findAndModify a projection (see the users above)
    await db.models.WebhookEndpoint.updateOne(
      { company: company._id, description: demoWebhookDescription },
      {
        $set: {
          url: options.demoWebhook.url,
          secret: options.demoWebhook.secret,
          events: [...webhookEventNames],
          enabled: true,
          enabledAt: new Date(),
          disabledAt: null,
          disabledReason: null,
        },
      },
      { upsert: true, runValidators: true },
    );
  }

  return { company: { id: company._id.toString(), name: company.name }, users, teams, equipment };
}

function firstPreventiveAt(demo: (typeof demoEquipment)[number]): Date | null {
  if ('firstDueInDays' in demo) return new Date(Date.now() + demo.firstDueInDays * 86_400_000);
  return nextPreventiveAt(demo.preventiveIntervalDays, new Date());
}
