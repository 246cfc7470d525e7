import { proxyActivities } from '@temporalio/workflow';

export interface PingActivities {
  echo(text: string): Promise<string>;
}

const { echo } = proxyActivities<PingActivities>({ startToCloseTimeout: '10s' });

export async function ping(name: string): Promise<string> {
  return `pong ${await echo(name)}`;
}
