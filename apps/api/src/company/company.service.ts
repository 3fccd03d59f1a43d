import { isDuplicateKey } from '@fixstream/run-storage';
import type { Types } from 'mongoose';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode, notFound } from '../errors/app-error.ts';
import type { SessionUser } from '../trpc/init.ts';
import type { CompanyOutput, UpdateCompanyInput } from './company.schemas.ts';

interface CompanyDocument {
  _id: Types.ObjectId;
  name: string;
  timeZone?: string | null;
  reportFrequency?: string | null;
}

function toCompanyOutput(doc: CompanyDocument): CompanyOutput {
  return {
    id: doc._id.toString(),
    name: doc.name,
    timeZone: doc.timeZone ?? 'UTC',
    reportFrequency: (doc.reportFrequency ?? 'weekly') as CompanyOutput['reportFrequency'],
  };
}

/** The caller's own company: every user sees its name and settings. */
export async function getCompany(deps: ApiDeps, user: SessionUser): Promise<CompanyOutput> {
  const doc = await deps.db.models.Company.findById(user.companyId).lean();
  if (!doc) throw notFound('Company');
  return toCompanyOutput(doc);
}

/**
 * Changes the caller's company: its name (unique across the installation), its time zone and how often its
 * report is mailed. The report planner reads them on its next tick: a new zone moves the next period's end.
 */
export async function updateCompany(
  deps: ApiDeps,
  user: SessionUser,
  input: UpdateCompanyInput,
): Promise<CompanyOutput> {
  const { Company } = deps.db.models;
  const set = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  const conflict = () => new AppError(AppErrorCode.Conflict, `A company named ${input.name} already exists`);
  // FerretDB reports a unique clash on update without MongoDB's 11000 code: the name is checked first, and the
  // unique index still refuses a rename that races another
  if (input.name && (await Company.exists({ name: input.name, _id: { $ne: user.companyId } })))
    throw conflict();
  try {
    await Company.updateOne({ _id: user.companyId }, { $set: set });
  } catch (error) {
    throw isDuplicateKey(error) ? conflict() : error;
  }
  return getCompany(deps, user);
}
