import { parseArgs } from 'node:util';
import { connectDatabase, createPasswordHasher } from '@fixstream/db';
import { loadSeedEnv } from '../env.ts';
import { seedDemoData } from './seed.service.ts';
import { generatePassword, SeedRefused, seedPasswordsFor } from './seed-passwords.ts';

const usage =
  'usage: pnpm seed [--force]   (--force: also with NODE_ENV=production, with generated passwords)';

function readForceFlag(): boolean {
  try {
    const { values } = parseArgs({ options: { force: { type: 'boolean', default: false } }, strict: true });
    return values.force;
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
}

const force = readForceFlag();
const env = loadSeedEnv();
let passwords: ReturnType<typeof seedPasswordsFor>;
try {
  passwords = seedPasswordsFor(env.NODE_ENV, force);
} catch (error) {
  if (!(error instanceof SeedRefused)) throw error;
  console.error(error.message);
  process.exit(1);
}

const db = await connectDatabase(env.MONGODB_URI);
try {
  const result = await seedDemoData(db, createPasswordHasher(env.BCRYPT_ROUNDS), {
    passwordFor: passwords === 'generated' ? generatePassword : undefined,
    demoWebhook:
      env.DEV_WEBHOOK_URL && env.DEV_WEBHOOK_SECRET
        ? { url: env.DEV_WEBHOOK_URL, secret: env.DEV_WEBHOOK_SECRET }
        : undefined,
  });
  console.error(`Seeded ${result.company.name}: ${result.users.length} users, ${result.teams.length} teams.`);
  if (passwords === 'generated') {
    console.error('Generated passwords (shown only now; running the seed again replaces them):');
    for (const user of result.users) console.error(`  ${user.email}  ${user.password}`);
  }
  console.log(JSON.stringify(result));
} finally {
  await db.close();
}
