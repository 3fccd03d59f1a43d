import { chosenPassword, createPasswordHasher } from '@fixstream/db';
import { z } from 'zod';
import { parseCommandArgs } from '../cli/args.ts';
import type { OpsCommand } from '../cli/command.ts';
import { OpsError, UsageError } from '../cli/errors.ts';
import { type CliIo, printLines } from '../cli/io.ts';

const usage = `Usage: pnpm ops create-admin --company NAME --name NAME --email EMAIL [--password PASSWORD]

Creates a company and its first admin, who then manages users, teams and equipment through the API. Prints as
its last stdout line {"company":{"id","name"},"user":{"id","name","email","role"}}.

Without --password, the password is read from standard input: typed at a prompt (not shown, asked twice) when
run in a terminal, otherwise the first line piped in. That keeps it out of the shell history and the process
list:
  printf '%s\\n' "$ADMIN_PASSWORD" | pnpm ops create-admin --company Acme --name 'Ada Admin' --email ada@acme.example

Options:
  --company NAME      the new company's name (must not exist yet)
  --name NAME         the admin's display name
  --email EMAIL       the admin's sign-in email (must not be taken)
  --password PASSWORD 10 to 72 bytes; read from standard input when left out
  -h, --help          show this help`;

const noNul = (value: string) => !value.includes('\0');
const line = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max).refine(noNul, 'must not contain NUL');

const inputSchema = z.object({
  company: line(120),
  name: line(120),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email('must be an email address')),
  password: chosenPassword,
});

/**
 * The password when `--password` is left out, read once the other options are known to be valid, so a typo in
 * them is reported before anyone types a password.
 */
async function readAdminPassword(values: Record<string, unknown>, io: CliIo): Promise<string> {
  const others = inputSchema.omit({ password: true }).safeParse(values);
  if (!others.success) throw usageErrorOf(others.error);
  if (!io.readSecret)
    throw new UsageError('--password is required here: there is no input to read it from', usage);
  return io.readSecret('password');
}

function usageErrorOf(error: z.ZodError): UsageError {
  const problems = error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`);
  return new UsageError(problems.join('; '), usage);
}

/** `pnpm ops create-admin`: the first step of a new deployment (or tenant), before anyone can sign in. */
export const createAdminCommand: OpsCommand = {
  name: 'create-admin',
  summary: 'create a company and its first admin',
  usage,
  async run(args, runtime) {
    const { values } = parseCommandArgs(
      args,
      {
        company: { type: 'string' },
        name: { type: 'string' },
        email: { type: 'string' },
        password: { type: 'string' },
        json: { type: 'boolean' },
      },
      usage,
    );
    const password = values.password ?? (await readAdminPassword(values, runtime.io));
    const parsed = inputSchema.safeParse({ ...values, password });
    if (!parsed.success) throw usageErrorOf(parsed.error);
    const input = parsed.data;
    const db = await runtime.database();
    const { Company, User } = db.models;
    if (await Company.exists({ name: input.company })) {
      throw new OpsError(`A company named ${input.company} already exists`);
    }
    if (await User.exists({ email: input.email }))
      throw new OpsError(`A user with the email ${input.email} already exists`);
    const passwordHash = await createPasswordHasher(runtime.env().BCRYPT_ROUNDS).hash(input.password);
    const company = await Company.create({ name: input.company });
    const user = new User({
      name: input.name,
      email: input.email,
      role: 'admin',
      company: company._id,
      passwordHash,
    });
    try {
      await user.save();
    } catch (error) {
      // No company without its admin: undo the first write when the second one fails (an email taken meanwhile).
      await Company.deleteOne({ _id: company._id });
      throw new OpsError(
        `could not create the admin: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    runtime.io.stderr(`Created company ${company.name} and its admin ${user.email}.\n`);
    printLines(
      runtime.io,
      JSON.stringify({
        company: { id: company.id, name: company.name },
        user: { id: user.id, name: user.name, email: user.email, role: user.role },
      }),
    );
  },
};
