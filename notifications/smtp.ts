import nodemailer, { type Transporter } from 'nodemailer';

/**
 * A pooled SMTP transport with short timeouts: a mail server that does not answer is an outage to wait
 * out, not a reason to hold a queued e-mail's row lock for minutes (nodemailer's defaults).
 */
export function createSmtpTransport(smtpUrl: string): Transporter {
  const url = new URL(smtpUrl);
  return nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
    secure: url.protocol === 'smtps:',
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    pool: true,
    maxConnections: 2,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 15_000,
  });
}

/**
 * A permanent refusal (an SMTP 5xx reply: no such mailbox, message rejected) will not change by retrying;
 * everything else (no connection, a timeout, a 4xx "try again later") is the server being away.
 */
export function isPermanentSmtpFailure(error: unknown): boolean {
  const { responseCode } = error as { responseCode?: unknown };
  return typeof responseCode === 'number' && responseCode >= 500;
}
