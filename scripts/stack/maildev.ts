import fs from 'node:fs';
import path from 'node:path';
import { startProcess, tail, type ManagedProcess } from './managed-process';
import { PROJECT_ROOT } from './paths';
import { waitFor } from './wait-for';

export interface MaildevOptions {
  dataDir: string;
  smtpPort: number;
  webPort: number;
  /** More MailDev options, e.g. `--incoming-user` to make it refuse unauthenticated senders. */
  extraArgs?: string[];
  interrupted?: () => boolean;
}

const MAILDEV_BIN = path.join(PROJECT_ROOT, 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js');

/**
 * MailDev: a real SMTP server that keeps what it receives, with a web inbox and a REST API to read it.
 * Mail is kept in the data folder, so the inbox survives a restart as a real mailbox would.
 */
export async function startMaildev(options: MaildevOptions): Promise<ManagedProcess> {
  const mailDir = path.join(options.dataDir, 'maildev');
  fs.mkdirSync(mailDir, { recursive: true });
  fs.mkdirSync(path.join(options.dataDir, 'logs'), { recursive: true });
  const logFile = path.join(options.dataDir, 'logs', 'maildev.log');
  const args = [
    MAILDEV_BIN,
    '--smtp',
    String(options.smtpPort),
    '--ip',
    '127.0.0.1',
    '--web',
    String(options.webPort),
    '--web-ip',
    '127.0.0.1',
    '--mail-directory',
    mailDir,
    ...(options.extraArgs ?? []),
  ];
  const server = startProcess('maildev', process.execPath, args, {
    logFile,
    pidFile: path.join(options.dataDir, 'maildev.pid'),
    // MailDev reads MAILDEV_* variables too; the arguments above are the whole configuration.
    env: { PATH: process.env.PATH ?? '' },
  });
  try {
    await waitFor('MailDev', () => maildevReady(`http://127.0.0.1:${options.webPort}`), {
      aborted: () => server.exited() || (options.interrupted?.() ?? false),
    });
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- ${logFile} ---\n${tail(logFile)}`);
  }
  return server;
}

export async function maildevReady(webUrl: string): Promise<void> {
  const response = await fetch(`${webUrl}/api/healthz`, { signal: AbortSignal.timeout(2000) });
  if (!response.ok) throw new Error(`MailDev answered ${response.status}`);
}
