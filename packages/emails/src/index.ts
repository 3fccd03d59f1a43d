export { headerSafe } from './header-safe.ts';
export {
  createMailer,
  type Mailer,
  type MailerConfig,
  type OutgoingMail,
  type SendResult,
} from './mailer.ts';
export {
  InvalidMailError,
  InvalidRecipientError,
  isPermanentSmtpError,
  MailerClosedError,
} from './mailer-errors.ts';
export { type ComposedMail, requestCreatedMail } from './mails/request-created.mail.ts';
export { type RenderedEmail, renderEmail } from './render.ts';
export { RequestCreatedEmail, type RequestCreatedEmailProps } from './templates/request-created.email.tsx';
export type { RequestPriority, RequestType } from './templates/request-display.ts';
