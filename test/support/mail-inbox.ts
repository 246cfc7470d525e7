import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startMaildev } from '../../scripts/stack/maildev';
import type { ManagedProcess } from '../../scripts/stack/managed-process';

export interface ReceivedEmail {
  id: string;
  subject: string;
  text: string;
  html: string;
  time: string;
  to: Array<{ address: string }>;
  headers: Record<string, string>;
}

/**
 * A MailDev of the test's own, as a separate process the test can stop and start again; its mail is kept
 * on disk, so the inbox survives the restart like a real mailbox.
 */
export async function startTestInbox(smtpPort: number, webPort: number, extraArgs: string[] = []) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-inbox-'));
  const start = () => startMaildev({ dataDir, smtpPort, webPort, extraArgs });
  let server: ManagedProcess | undefined = await start();
  const webUrl = `http://127.0.0.1:${webPort}`;
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    smtpPort,
    async stop() {
      await server?.stop();
      server = undefined;
    },
    async restart() {
      server ??= await start();
    },
    /** Every e-mail received for this address, in the order MailDev lists them, read over its REST API. */
    async to(address: string): Promise<ReceivedEmail[]> {
      const response = await fetch(`${webUrl}/api/email`);
      if (!response.ok) throw new Error(`MailDev answered ${response.status}`);
      const all = (await response.json()) as ReceivedEmail[];
      return all.filter((email) => email.to.some((to) => to.address === address));
    },
    async close() {
      await server?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
export type TestInbox = Awaited<ReturnType<typeof startTestInbox>>;
