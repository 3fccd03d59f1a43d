import { once } from 'node:events';
import { connectDatabase } from '@fixstream/db';
import express from 'express';
import { jwtVerify } from 'jose';
import { Types } from 'mongoose';
import { toRequestOutput } from '../../../apps/api/src/requests/request.dto.ts';
// The API's own input schema and output mapping, imported on purpose: the baseline validates exactly the same.
import { createRequestInput } from '../../../apps/api/src/requests/request.schemas.ts';
import { childConfig, toParent } from '../proc/child-ipc.ts';

/** The baseline `requests.create`: plain Express and mongoose, the same checks, no tRPC and no event. */
export interface BaselineConfig {
  mongoUri: string;
  port: number;
  jwtSecret: string;
}

const config = childConfig<BaselineConfig>();
const db = await connectDatabase(config.mongoUri);
const key = new TextEncoder().encode(config.jwtSecret);
const { Equipment, Team, User, Request } = db.models;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Same token check and session lookup as the API's `authenticate` middleware. */
async function sessionUser(authorization: string | undefined) {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw new HttpError(401, 'Sign in first');
  const { payload } = await jwtVerify(token, key, {
    issuer: 'fixstream',
    algorithms: ['HS256'],
    clockTolerance: 30,
    requiredClaims: ['sub', 'exp', 'iat'],
  }).catch(() => {
    throw new HttpError(401, 'Invalid access token');
  });
  if (typeof payload.sub !== 'string' || typeof payload.cid !== 'string')
    throw new HttpError(401, 'Invalid access token');
  const user = await User.findOne(
    { _id: payload.sub, company: payload.cid, active: true },
    { name: 1, email: 1, role: 1, company: 1 },
  ).lean();
  if (!user) throw new HttpError(401, 'This account no longer exists');
  return { id: user._id.toString(), companyId: user.company.toString(), role: user.role };
}

const app = express();
app.use(express.json({ limit: '100kb' }));
app.post('/requests', async (req, res) => {
  try {
    const user = await sessionUser(req.headers.authorization);
    const parsed = createRequestInput.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, parsed.error.message);
    const input = parsed.data;
    const company = user.companyId;
    // The same reference checks as apps/api/src/requests/request.service.ts.
    const [equipment, team, technician] = await Promise.all([
      Equipment.findOne({ _id: input.equipment, company }, { name: 1 }).lean(),
      Team.findOne({ _id: input.maintenanceTeam, company }, { name: 1, members: 1 }).lean(),
      User.findOne({ _id: input.assignedTechnician, company }, { name: 1, active: 1 }).lean(),
    ]);
    if (!equipment || !team || !technician) throw new HttpError(404, 'Not found');
    if (!technician.active || !team.members.some((member) => member.equals(technician._id)))
      throw new HttpError(400, 'Technician cannot take this request');
    const created = await Request.create({
      _id: new Types.ObjectId(),
      subject: input.subject,
      description: input.description ?? null,
      type: input.type,
      priority: input.priority,
      equipment: equipment._id,
      maintenanceTeam: team._id,
      assignedTechnician: technician._id,
      requestedBy: user.id,
      company,
      scheduledDate: input.scheduledDate ?? null,
      duration: input.duration ?? null,
    });
    res.json(toRequestOutput(created.toObject()));
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 500;
    res.status(status).json({ error: error instanceof Error ? error.message : String(error) });
  }
});
const server = app.listen(config.port, '127.0.0.1');
await once(server, 'listening');
toParent({ type: 'ready' });
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void db.close().then(() => process.exit(0));
});
