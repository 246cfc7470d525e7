import { endSpawned } from './spawn-for-test';

// After every test file, whatever happened in it: no process it spawned outlives it.
afterAll(async () => {
  const ended = await endSpawned();
  if (ended > 0) console.warn(`ended ${ended} process group(s) this test file had left running`);
}, 40_000);
