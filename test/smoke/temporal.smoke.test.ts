import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../../platform/config';
import { ping } from './ping-workflow';

test('a workflow with an activity runs to completion on the Temporal dev server', async () => {
  const { temporal } = loadConfig();
  const taskQueue = `smoke-${randomUUID()}`;
  const workerConnection = await NativeConnection.connect({ address: temporal.address });
  const connection = await Connection.connect({ address: temporal.address });
  try {
    const worker = await Worker.create({
      connection: workerConnection,
      taskQueue,
      workflowsPath: require.resolve('./ping-workflow'),
      activities: { echo: async (text: string) => text.toUpperCase() },
    });
    const client = new Client({ connection });
    const result = await worker.runUntil(
      client.workflow.execute(ping, { taskQueue, workflowId: `smoke-${randomUUID()}`, args: ['temporal'] }),
    );
    expect(result).toBe('pong TEMPORAL');
  } finally {
    await connection.close();
    await workerConnection.close();
  }
});
