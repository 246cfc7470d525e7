import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reachableBy } from '../../scripts/stack/postgres-reach';

const stranger = { uid: 54_321, gid: 54_321 };

test('a file under a mode-700 folder is out of reach of another user, and within reach once it may be entered', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'reach-'));
  const file = path.join(home, 'checkout', 'bin', 'postgres');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.chmodSync(home, 0o700);
  expect(reachableBy(file, stranger)).toBe(false);
  fs.chmodSync(home, 0o711);
  expect(reachableBy(file, stranger)).toBe(true);
  fs.rmSync(home, { recursive: true });
});

test('the process itself (no separate server user) always reaches its own files', () => {
  expect(reachableBy('/root/anything', {})).toBe(true);
});
