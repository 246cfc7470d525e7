import type { Transporter } from 'nodemailer';
import { backoffDelay, type BackoffOptions } from '../platform/backoff';
import type { Db } from '../platform/db';
import type { Logger } from '../platform/logger';
import { createWakeSignal } from '../platform/wake-signal';
import type { NotifierMetrics } from './notifier-metrics';
import { isPermanentSmtpFailure } from './smtp';

export interface MailSenderOptions {
  db: Db;
  transport: Transporter;
  from: string;
  logger: Logger;
  metrics: NotifierMetrics;
  /** How often the queue is looked at when nothing wakes the sender. */
  pollMs?: number;
  /** Between attempts at one e-mail while the mail server is away. */
  retryBackoff?: BackoffOptions;
  /** A server that keeps refusing an e-mail (5xx) is given this many attempts. */
  maxRefusals?: number;
  /** While the server is away, an e-mail is retried this long after it was queued, then it fails. */
  giveUpAfterMs?: number;
}

export interface MailSender {
  /** Something was queued: look at the queue now. */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Drains the e-mail queue. Each e-mail is sent while its row is locked and marked sent in the same
 * transaction, so several senders never send one twice. SMTP has no idempotency key: a sender that dies
 * after the server accepted an e-mail and before the commit sends it again, once, on the next pass.
 * That window is the length of one commit; the stable Message-ID lets mail clients spot the copy.
 */
export function startMailSender(options: MailSenderOptions): MailSender {
  const { db, transport, from, metrics } = options;
  const logger = options.logger.child({ component: 'mail-sender' });
  const pollMs = options.pollMs ?? 1000;
  const backoff = options.retryBackoff ?? { initialMs: 1000, maxMs: 15_000 };
  const maxRefusals = options.maxRefusals ?? 3;
  const giveUpAfterMs = options.giveUpAfterMs ?? 24 * 60 * 60 * 1000;
  const signal = createWakeSignal();
  let stopping = false;

  /** Sends the next due e-mail. Returns false when none is due, or when the server is away. */
  const sendNext = (): Promise<boolean> =>
    db.transaction(async (trx) => {
      const email = await trx('notifications.emails')
        .where({ status: 'pending' })
        .andWhere('next_attempt_at', '<=', trx.fn.now())
        .orderBy('next_attempt_at')
        .forUpdate()
        .skipLocked()
        .first();
      if (!email) return false;
      const attempts = (email.attempts as number) + 1;
      try {
        const info = await transport.sendMail({
          from,
          to: email.recipient as string,
          subject: email.subject as string,
          text: email.text_body as string,
          html: email.html_body as string,
          messageId: `<${email.kind}.${email.order_id}@orderflow>`,
          headers: { 'X-Order-Id': email.order_id as string },
        });
        await trx('notifications.emails')
          .where({ id: email.id })
          .update({ status: 'sent', attempts, sent_at: trx.fn.now(), smtp_response: info.response });
        metrics.sent(email.kind as string, new Date(email.event_occurred_at as string));
        return true;
      } catch (error) {
        const message = (error as Error).message;
        const permanent = isPermanentSmtpFailure(error);
        const expired = Date.now() - new Date(email.created_at as string).getTime() > giveUpAfterMs;
        const update = { attempts, last_error: message.slice(0, 2000) };
        if ((permanent && attempts >= maxRefusals) || expired) {
          await trx('notifications.emails')
            .where({ id: email.id })
            .update({
              ...update,
              status: 'failed',
              note: permanent ? 'refused by the mail server' : 'gave up',
            });
          metrics.failed(email.kind as string);
          logger.error('an e-mail failed for good; it stays in notifications.emails as failed', {
            emailId: email.id,
            orderId: email.order_id,
            kind: email.kind,
            attempts,
            error: message,
          });
          return true;
        }
        const retryInMs = backoffDelay(attempts, backoff);
        await trx('notifications.emails')
          .where({ id: email.id })
          .update({ ...update, next_attempt_at: new Date(Date.now() + retryInMs) });
        metrics.retried(email.kind as string);
        logger.warn('sending an e-mail failed; it will be retried', {
          orderId: email.order_id,
          kind: email.kind,
          attempts,
          retryInMs,
          error: message,
        });
        // A refusal concerns this e-mail only; an unreachable server concerns them all, so wait.
        return permanent;
      }
    });

  const loop = (async () => {
    while (!stopping) {
      try {
        while (!stopping && (await sendNext()));
      } catch (error) {
        logger.warn('the e-mail queue could not be read; retrying', { error: (error as Error).message });
      }
      await signal.wait(pollMs);
    }
  })();

  return {
    wake: () => signal.wake(),
    async stop() {
      stopping = true;
      signal.wake();
      await loop;
      transport.close();
    },
  };
}
