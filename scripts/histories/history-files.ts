import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON, historyToJSON, type History } from '@temporalio/common/lib/proto-utils';
import { UsageError } from '../cli';

/** Where the committed histories live: one file per saga path, replayed by the tests on every change. */
export const HISTORIES_DIR = path.resolve(__dirname, '..', '..', 'test', 'histories');

/** A saved history; its file path stands in for the workflow id, which replay only uses as a label. */
export interface HistoryFile {
  workflowId: string;
  history: History;
}

/** The `.json` files named by `paths`: each a file, or a folder whose `.json` files are taken (sorted). */
export function findHistoryFiles(paths: string[]): string[] {
  if (paths.length === 0) throw new UsageError('name at least one history file or folder');
  return paths.flatMap((given) => {
    const stat = fs.statSync(given, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`${given}: no such file or folder`);
    if (!stat.isDirectory()) return [given];
    const files = fs
      .readdirSync(given)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => path.join(given, name));
    if (files.length === 0) throw new UsageError(`${given}: the folder holds no .json history`);
    return files;
  });
}

/** Loads a history in the JSON form that `temporal workflow show --output json` and the Web UI produce. */
export function readHistoryFile(file: string): HistoryFile {
  try {
    return { workflowId: file, history: historyFromJSON(JSON.parse(fs.readFileSync(file, 'utf8'))) };
  } catch (error) {
    throw new UsageError(`${file}: not a workflow history (${(error as Error).message})`);
  }
}

export function writeHistoryFile(file: string, history: History): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${historyToJSON(history)}\n`);
}
