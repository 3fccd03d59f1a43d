import { randomUUID } from 'node:crypto';
import { connectDatabase, createPasswordHasher, type Database } from '@fixstream/db';
import { mongoUriFor } from '@fixstream/dev-services';
import { defineEvent, requestCreated } from '@fixstream/events';
import { outboxGraceMs } from '@fixstream/run-storage';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { createCompany, createRequest } from './company-fixture.ts';
import { insertRequests, requestPartiesOf, writeOwingRequests } from './request-fixtures.ts';

let db: Database;
const passwords = createPasswordHasher(4);

beforeAll(async () => {
  db = await connectDatabase(mongoUriFor(inject('services').mongoUri, `test-support-${randomUUID()}`));
});
afterAll(async () => {
  await db.connection.dropDatabase().catch(() => undefined);
  await db.close();
});

describe('createCompany', () => {
  it('makes one person per role, a team of two technicians and equipment it maintains, by default', async () => {
    const acme = await createCompany(db, { name: 'Acme Works' });
    expect(acme.emailDomain).toBe('acme-works.example');
    expect(acme.people.map(({ name, email, password, role }) => ({ name, email, password, role }))).toEqual([
      {
        name: 'Acme Works Admin',
        email: 'admin@acme-works.example',
        password: 'admin-password',
        role: 'admin',
      },
      {
        name: 'Acme Works Manager',
        email: 'manager@acme-works.example',
        password: 'manager-password',
        role: 'manager',
      },
      {
        name: 'Acme Works Employee',
        email: 'employee@acme-works.example',
        password: 'employee-password',
        role: 'employee',
      },
      {
        name: 'Acme Works Tech 1',
        email: 'tech1@acme-works.example',
        password: 'tech1-password',
        role: 'technician',
      },
      {
        name: 'Acme Works Tech 2',
        email: 'tech2@acme-works.example',
        password: 'tech2-password',
        role: 'technician',
      },
    ]);
    expect([acme.admin, acme.manager, acme.employee, ...acme.technicians]).toEqual(acme.people);
    expect(acme.outsiders).toEqual([]);

    const { User, Team, Equipment, Company } = db.models;
    expect((await Company.findById(acme.companyId).lean())?.name).toBe('Acme Works');
    for (const person of acme.people) {
      const stored = await User.findById(person.id).select('+passwordHash').lean();
      expect(stored).toMatchObject({ email: person.email, role: person.role, active: true });
      expect(String(stored?.company)).toBe(acme.companyId);
      expect(stored?.passwordHash).not.toBe(person.password);
      expect(await passwords.verify(person.password, stored?.passwordHash ?? '')).toBe(true);
    }
    const team = await Team.findById(acme.team.id).lean();
    expect(team?.name).toBe('Maintenance');
    expect(team?.members.map(String)).toEqual(acme.technicians.map((t) => t.id));
    expect(acme.team).toEqual({
      id: acme.team.id,
      name: 'Maintenance',
      memberIds: team?.members.map(String),
    });
    expect(acme.equipment).toHaveLength(1);
    const [item] = acme.equipment;
    expect(item).toMatchObject({
      name: 'Equipment 1',
      serialNumber: 'EQ-1',
      location: null,
      teamId: acme.team.id,
      defaultTechnicianId: acme.technicians[0]?.id,
    });
    const storedItem = await Equipment.findById(item?.id).lean();
    expect(storedItem).toMatchObject({ name: 'Equipment 1', serialNumber: 'EQ-1' });
    expect(String(storedItem?.team)).toBe(acme.team.id);
    expect(String(storedItem?.defaultTechnician)).toBe(acme.technicians[0]?.id);
  });

  it('takes names, counts, outsiders, equipment off the team and a hasher of its own', async () => {
    const hashed: string[] = [];
    const company = await createCompany(db, {
      employee: { name: 'Erin', key: 'erin' },
      manager: { email: 'Boss@Elsewhere.example', password: 'boss pass 123' },
      technicians: [{ name: 'Tara <b>Torque</b>' }, { name: 'Tomas', key: 'tomas' }],
      outsiders: 1,
      teamName: 'Mechanical',
      equipment: [
        { name: 'Press', serialNumber: 'P-1', location: 'Hall B', onTeam: false, defaultTechnician: null },
        { name: 'Lathe', category: 'Machines', defaultTechnician: 1, preventiveIntervalDays: 30 },
      ],
      passwords: {
        ...passwords,
        hash: (password) => {
          hashed.push(password);
          return passwords.hash(password);
        },
      },
    });
    expect(company.name).toMatch(/^Company [0-9a-f]{8}$/);
    expect(company.employee).toMatchObject({ name: 'Erin', email: `erin@${company.emailDomain}` });
    expect(company.manager).toMatchObject({ email: 'boss@elsewhere.example', password: 'boss pass 123' });
    expect(company.technicians.map((t) => [t.name, t.email])).toEqual([
      ['Tara <b>Torque</b>', `tech1@${company.emailDomain}`],
      ['Tomas', `tomas@${company.emailDomain}`],
    ]);
    expect(company.outsiders.map((o) => [o.name, o.role])).toEqual([
      [`${company.name} Outsider 1`, 'technician'],
    ]);
    expect(hashed.sort()).toEqual(company.people.map((p) => p.password).sort());
    expect(company.team.memberIds).toEqual(company.technicians.map((t) => t.id));
    expect(company.team.memberIds).not.toContain(company.outsiders[0]?.id);
    expect(company.equipment.map(({ id: _, ...item }) => item)).toEqual([
      {
        name: 'Press',
        serialNumber: 'P-1',
        location: 'Hall B',
        teamId: null,
        defaultTechnicianId: null,
      },
      {
        name: 'Lathe',
        serialNumber: 'EQ-2',
        location: null,
        teamId: company.team.id,
        defaultTechnicianId: company.technicians[1]?.id,
      },
    ]);
    const lathe = await db.models.Equipment.findById(company.equipment[1]?.id).lean();
    expect(lathe).toMatchObject({ category: 'Machines', preventiveIntervalDays: 30 });
  });

  it('refuses a default technician it does not have, before writing anything', async () => {
    await expect(
      createCompany(db, { name: 'Refused', technicians: 1, equipment: [{ defaultTechnician: 1 }] }),
    ).rejects.toThrow('equipment 0 names technician 1, but there are 1');
    expect(await db.models.Company.countDocuments({ name: 'Refused' })).toBe(0);
  });
});

describe('createRequest', () => {
  it('stores a request of the company that owes nothing, from defaults or what it is given', async () => {
    const company = await createCompany(db, { equipment: 2 });
    const plain = await createRequest(db, company);
    expect(plain).toEqual({
      id: plain.id,
      subject: `Request of ${company.name}`,
      type: 'corrective',
      status: 'new',
      companyId: company.companyId,
      equipmentId: company.equipment[0]?.id,
      teamId: company.team.id,
      assignedTechnicianId: company.technicians[0]?.id,
      requestedById: company.employee.id,
    });
    const stored = await db.models.Request.findById(plain.id).lean();
    expect(stored).toMatchObject({
      subject: plain.subject,
      status: 'new',
      priority: 1,
      outbox: [],
      revision: 0,
    });
    expect(String(stored?.assignedTechnician)).toBe(company.technicians[0]?.id);

    const closedAt = new Date('2026-11-20T10:00:00Z');
    const given = await createRequest(db, company, {
      subject: 'Press leaks oil',
      type: 'preventive',
      status: 'repaired',
      closedAt,
      priority: 3,
      equipmentId: company.equipment[1]?.id,
      assignedTechnicianId: null,
      requestedById: company.admin.id,
    });
    expect(given).toMatchObject({
      subject: 'Press leaks oil',
      type: 'preventive',
      status: 'repaired',
      equipmentId: company.equipment[1]?.id,
      assignedTechnicianId: null,
      requestedById: company.admin.id,
    });
    expect(await db.models.Request.findById(given.id).lean()).toMatchObject({
      closedAt,
      priority: 3,
      assignedTechnician: null,
    });
    expect(await db.storage.owedRows.countDocuments()).toBe(0);
  });
});

describe('insertRequests', () => {
  it('writes requests with their owed request.created events in batches, due after the grace period', async () => {
    const company = await createCompany(db, { technicians: 3, equipment: 2 });
    const parties = requestPartiesOf(company);
    const before = Date.now();
    const events = await insertRequests(db, parties, 7, {
      subject: (i) => `Bulk ${i}`,
      priority: (i) => i % 4,
      description: 'bulk',
      batchSize: 3,
    });
    expect(events).toHaveLength(7);
    for (const [i, event] of events.entries()) {
      expect(requestCreated.envelope.parse(event)).toEqual(event);
      expect(event.data).toEqual({
        requestId: event.data.requestId,
        companyId: company.companyId,
        type: i % 2 ? 'preventive' : 'corrective',
        assignedTechnicianId: company.technicians[i % 3]?.id,
        requestedById: company.employee.id,
      });
      const stored = await db.models.Request.findById(event.data.requestId).lean();
      expect(stored).toMatchObject({
        subject: `Bulk ${i}`,
        priority: i % 4,
        description: 'bulk',
        status: 'new',
      });
      expect(String(stored?.equipment)).toBe(company.equipment[i % 2]?.id);
      expect(String(stored?.maintenanceTeam)).toBe(company.team.id);
      expect(stored?.outbox.map((e) => e.id)).toEqual([event.id]);
    }
    const rows = await db.storage.owedRows.find({ eventId: { $in: events.map((e) => e.id) } }).toArray();
    expect(rows).toHaveLength(7);
    for (const row of rows) expect(row.dueAt.getTime()).toBeGreaterThanOrEqual(before + outboxGraceMs);
  });
});

describe('writeOwingRequests', () => {
  it('writes bare requests owing events of any type, due at once unless told otherwise', async () => {
    const poked = defineEvent({ name: 'test-support/poked', version: 1, data: z.object({ n: z.number() }) });
    const events = [poked.create({ n: 1 }), poked.create({ n: 2 })];
    const ids = await writeOwingRequests(db, events);
    const later = poked.create({ n: 3 });
    const dueAt = new Date(Date.now() + 3_600_000);
    await writeOwingRequests(db, [later], { dueAt });

    const docs = await db.models.Request.collection.find({ _id: { $in: ids } }).toArray();
    expect(docs.map((doc) => doc.outbox[0].id).sort()).toEqual(events.map((e) => e.id).sort());
    const due = await db.storage.owedRows.find({ eventId: { $in: events.map((e) => e.id) } }).toArray();
    expect(due.map((row) => row.dueAt.getTime() <= Date.now())).toEqual([true, true]);
    const notDue = await db.storage.owedRows.findOne({ eventId: later.id });
    expect(notDue?.dueAt).toEqual(dueAt);
  });
});
