import { writeSearchTermsOf } from '@fixstream/db';
import { Types } from 'mongoose';
import type { CompanyFixture } from './company-fixture.ts';
import type { TestApi } from './test-deps.ts';

/** Who a stored request belongs to: the company's team, technician and employee unless named. */
export interface RequestParties {
  team?: Types.ObjectId | string;
  technician?: string;
  requestedBy?: string;
}

/**
 * A new corrective request of `company` with priority 1, as a document to insert: the search tests build a
 * history of many requests in one insert instead of calling `requests.create` for each.
 */
export function requestDocument(company: CompanyFixture, subject: string, parties: RequestParties = {}) {
  const id = (value: Types.ObjectId | string) => new Types.ObjectId(value);
  return {
    _id: new Types.ObjectId(),
    company: id(company.companyId),
    subject,
    type: 'corrective',
    status: 'new',
    priority: 1,
    maintenanceTeam: id(parties.team ?? company.teamId),
    assignedTechnician: id(parties.technician ?? company.technician.id),
    requestedBy: id(parties.requestedBy ?? company.employee.id),
    equipment: id(company.equipmentId),
    outbox: [],
  };
}

/** Stores requests with their search terms, the terms first, as `requests.create` leaves them. */
export async function storeRequests(
  api: TestApi,
  requests: readonly ReturnType<typeof requestDocument>[],
): Promise<void> {
  await writeSearchTermsOf(api.db, requests);
  await api.db.models.Request.insertMany(requests);
}
