import { connectDatabase, createPasswordHasher } from '@fixstream/db';
import { loadSeedEnv } from '../env.ts';
import { seedDemoData } from './seed.service.ts';

const env = loadSeedEnv();
const db = await connectDatabase(env.MONGODB_URI);
try {
  const result = await seedDemoData(db, createPasswordHasher(env.BCRYPT_ROUNDS));
  console.error(`Seeded ${result.company.name}: ${result.users.length} users, ${result.teams.length} teams.`);
  console.log(JSON.stringify(result));
} finally {
  await db.close();
}
