export { headerSafe } from './header-safe.ts';
export type { InlineAttachment } from './inline-attachment.ts';
export {
  createMailer,
  type Mailer,
  type MailerConfig,
  type OutgoingMail,
  type SendOptions,
  type SendResult,
} from './mailer.ts';
export {
  InvalidMailError,
  InvalidRecipientError,
  isPermanentSmtpError,
  MailerClosedError,
  MailSendCancelledError,
} from './mailer-errors.ts';
export type { ComposedMail } from './mails/compose-mail.ts';
export { escalationMail } from './mails/escalation.mail.ts';
export { passwordResetMail } from './mails/password-reset.mail.ts';
export { preventiveReminderMail } from './mails/preventive-reminder.mail.ts';
export { requestAssignedMail } from './mails/request-assigned.mail.ts';
export { requestCreatedMail } from './mails/request-created.mail.ts';
export { statusChangedMail } from './mails/status-changed.mail.ts';
export { webhookDisabledMail } from './mails/webhook-disabled.mail.ts';
export { type RenderedEmail, renderEmail } from './render.ts';
export { EscalationEmail, type EscalationEmailProps } from './templates/escalation.email.tsx';
export { PasswordResetEmail, type PasswordResetEmailProps } from './templates/password-reset.email.tsx';
export {
  OVERDUE_ROWS_SHOWN,
  type OverdueRow,
  PeriodicReportEmail,
  type PeriodicReportEmailProps,
  type ReportFrequency,
} from './templates/periodic-report.email.tsx';
export {
  PreventiveReminderEmail,
  type PreventiveReminderEmailProps,
} from './templates/preventive-reminder.email.tsx';
export { RequestAssignedEmail, type RequestAssignedEmailProps } from './templates/request-assigned.email.tsx';
export { RequestCreatedEmail, type RequestCreatedEmailProps } from './templates/request-created.email.tsx';
export type { RequestPriority, RequestStatus, RequestType } from './templates/request-display.ts';
export type { TeamStageCounts } from './templates/stage-counts.ts';
export { StatusChangedEmail, type StatusChangedEmailProps } from './templates/status-changed.email.tsx';
export { WebhookDisabledEmail, type WebhookDisabledEmailProps } from './templates/webhook-disabled.email.tsx';
