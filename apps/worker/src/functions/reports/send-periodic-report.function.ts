import { companyOverdue, periodFigures } from '@fixstream/db';
import { OVERDUE_ROWS_SHOWN } from '@fixstream/emails';
import { periodicReportMail } from '@fixstream/emails/report';
import { defineFunction, reportDue } from '@fixstream/events';
import { Types } from 'mongoose';
import { type FunctionDeps, messageIdFor, sendMail, sendMailAsStep } from '../function-deps.ts';

/**
 * A company's report of one period, mailed to each of its active managers and admins: requests opened and
 * closed in the period, mean time to repair, requests per team and stage now (a chart attached inline, and the
 * same numbers as a table and in the text part), and the overdue requests as the board shows them (the 20 most
 * late, and how many). Each recipient's mail is a step, so a retry after a failed send mails only those not
 * mailed yet; its Message-ID is derived from the run and the recipient.
 */
export function sendPeriodicReport(deps: FunctionDeps) {
  return defineFunction({
    id: 'send-periodic-report',
    event: reportDue,
    async handler(run) {
      const { event, logger } = run;
      const { companyId, frequency, timeZone } = event.data;
      const { Company, Team, User } = deps.db.models;
      const company = await Company.findById(companyId, { name: 1 }).lean();
      if (!company) {
        logger.warn({ companyId }, 'company no longer exists; no report');
        return;
      }
      const recipients = await User.find(
        { company: companyId, role: { $in: ['manager', 'admin'] }, active: true },
        { name: 1, email: 1 },
      ).lean();
      if (recipients.length === 0) {
        logger.info({ companyId }, 'company has no active manager or admin; no report');
        return;
      }
      const to = new Date(event.data.to);
      const teams = (await Team.find({ company: companyId }, { name: 1 }).lean()).sort((a, b) =>
        a.name.localeCompare(b.name),
      );
      const [figures, overdue] = await Promise.all([
        periodFigures(deps.db, { companyId, from: new Date(event.data.from), to }),
        companyOverdue(deps.db, { companyId, now: to, limit: OVERDUE_ROWS_SHOWN }),
      ]);
      const perTeam = figures.perTeamAndStage;
      const technicianIds = overdue.mostLate.flatMap((row) => (row.technicianId ? [row.technicianId] : []));
      const technicians = technicianIds.length
        ? await User.find(
            { _id: { $in: technicianIds.map((id) => new Types.ObjectId(id)) } },
            { name: 1 },
          ).lean()
        : [];
      const nameOf = (list: { _id: Types.ObjectId; name: string }[], id: string | null) =>
        list.find((item) => item._id.toString() === id)?.name ?? null;
      const data = {
        companyName: company.name,
        frequency,
        from: event.data.from,
        to: event.data.to,
        timeZone,
        opened: figures.opened,
        closed: figures.closed,
        meanTimeToRepairMs: figures.meanTimeToRepairMs,
        teams: teams.map((team) => ({
          teamName: team.name,
          counts: perTeam[team._id.toString()] ?? { new: 0, in_progress: 0, repaired: 0, scrap: 0 },
        })),
        overdue: overdue.mostLate.map((row) => ({
          subject: row.subject,
          teamName: nameOf(teams, row.teamId) ?? 'a deleted team',
          technicianName: nameOf(technicians, row.technicianId),
          lateByMs: row.lateByMs,
        })),
        overdueCount: overdue.count,
      };
      for (const recipient of recipients) {
        const recipientId = recipient._id.toString();
        await sendMailAsStep(run, `mail ${recipientId}`, async () => {
          const mail = await periodicReportMail(
            { ...data, recipientName: recipient.name },
            { signal: run.signal },
          );
          return sendMail(
            deps,
            {
              to: recipient.email,
              ...mail,
              messageId: messageIdFor(`${run.runKey}.${recipientId}`, deps.messageIdDomain),
            },
            run,
          );
        });
      }
    },
  });
}
