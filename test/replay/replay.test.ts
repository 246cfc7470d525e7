import path from 'node:path';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Worker,
  type BundleOptions,
  type ReplayResult,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { parseConfig } from '../../platform/config';
import { dataConverterFor, installTemporalRuntime } from '../../platform/temporal';
import {
  findHistoryFiles,
  HISTORIES_DIR,
  readHistoryFile,
  type HistoryFile,
} from '../../scripts/histories/history-files';
import { SCENARIOS } from '../../scripts/histories/scenarios';
import { OPEN_AND_PAY_IN_ONE_STEP, PATHS_CHOSEN_AT_START } from '../../workflows/order-saga';
import { patchesIn, ranLocallyIn, scheduledIn } from './history-facts';

const histories = findHistoryFiles([HISTORIES_DIR]).map(readHistoryFile);
const nameOf = ({ workflowId }: HistoryFile) => path.basename(workflowId, '.json');
const names = histories.map(nameOf);
type Outcomes = Map<string, ReplayResult['error']>;

installTemporalRuntime('error');

const bundle = (options: Partial<BundleOptions> = {}) =>
  bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: new DefaultLogger('WARN'),
    ...options,
  });

/** The replay outcome of every committed history, by file name. */
async function replayAll(workflowBundle: WorkflowBundleWithSourceMap): Promise<Outcomes> {
  const outcomes: Outcomes = new Map();
  const dataConverter = dataConverterFor(parseConfig({}));
  for await (const { workflowId, error } of Worker.runReplayHistories(
    { workflowBundle, dataConverter },
    histories,
  ))
    outcomes.set(path.basename(workflowId, '.json'), error);
  return outcomes;
}

/** Executions that chose every path with one marker at the start (either generation of it). */
const choseAtStart = (h: HistoryFile) =>
  [PATHS_CHOSEN_AT_START, OPEN_AND_PAY_IN_ONE_STEP].some((patch) => patchesIn(h).includes(patch));

const failedIn = (outcomes: Outcomes) => [...outcomes].filter(([, error]) => error).map(([name]) => name);

function expectDeterminismViolations(outcomes: Outcomes, expected: string[], message: RegExp) {
  expect(expected.length).toBeGreaterThan(0);
  for (const name of expected) {
    expect(outcomes.get(name)).toBeInstanceOf(DeterminismViolationError);
    expect(outcomes.get(name)?.message).toMatch(message);
  }
}

describe('the committed histories', () => {
  let outcomes: Outcomes;
  beforeAll(async () => {
    outcomes = await replayAll(await bundle());
  });

  test('cover every saga path that record-histories drives', () => {
    expect(names).toEqual(expect.arrayContaining(Object.keys(SCENARIOS)));
  });

  test.each(names)('%s replays against the current workflow code', (name) => {
    expect(outcomes.has(name)).toBe(true);
    expect(outcomes.get(name)).toBeUndefined();
  });
});

describe('a pause added before the charge without patched()', () => {
  test('breaks exactly the histories that charged', async () => {
    const changed = await bundle({
      workflowInterceptorModules: [require.resolve('./changed-workflow/wait-before-charge')],
    });
    const charged = histories
      .filter((h) =>
        [...scheduledIn(h), ...ranLocallyIn(h)].some((a) => a === 'chargePayment' || a === 'openAndPay'),
      )
      .map(nameOf);
    expect(charged).toEqual(
      expect.arrayContaining([
        'paid-and-fulfilled',
        'declined',
        'paid-and-fulfilled-local-charge',
        'paid-and-fulfilled-open-and-pay',
        'declined-at-once',
      ]),
    );

    const outcomes = await replayAll(changed);
    expect(failedIn(outcomes).sort()).toEqual(charged.sort());
    expectDeterminismViolations(
      outcomes,
      charged,
      /Nondeterminism error: (Timer machine|Missing associated machine for LocalActivity)/,
    );
  });
});

/** The workflow code bundled against a stand-in for `@temporalio/workflow` whose `patched()` lies. */
const bundleWithWorkflowApi = (standIn: string) =>
  bundle({
    webpackConfigHook: (config) => ({
      ...config,
      resolve: {
        ...config.resolve,
        alias: {
          ...(config.resolve?.alias as Record<string, string | false>),
          '@temporalio/workflow$': require.resolve(standIn),
        },
      },
    }),
  });

describe('the release-before-refund change without its patched() guard', () => {
  const PATCH = 'release-stock-before-refund';
  let outcomes: Outcomes;
  beforeAll(async () => {
    outcomes = await replayAll(
      await bundleWithWorkflowApi('./changed-workflow/unguarded-release-before-refund'),
    );
  });
  const refundedFirst = histories
    .filter((h) => {
      const scheduled = scheduledIn(h);
      return (
        scheduled.includes('refundPayment') &&
        scheduled.indexOf('refundPayment') < scheduled.indexOf('releaseStock')
      );
    })
    .map(nameOf);
  const patched = histories.filter((h) => patchesIn(h).includes(PATCH)).map(nameOf);

  test('breaks the histories recorded before the change, which refunded first', () => {
    expect(refundedFirst).toContain('cancelled-after-payment-refunded');
    expectDeterminismViolations(
      outcomes,
      refundedFirst,
      /scheduled event 'refundPayment' does not match activity type of activity command 'releaseStock'/,
    );
  });

  test('breaks the histories that recorded the patch: the guard may only go after deprecatePatch()', () => {
    expect(patched).toContain('cancelled-after-payment-patched');
    expectDeterminismViolations(outcomes, patched, new RegExp(`Non-deprecated patch marker .* ${PATCH}`));
  });

  test('leaves every other path replaying', () => {
    expect(failedIn(outcomes).sort()).toEqual([...refundedFirst, ...patched].sort());
  });
});

describe('the one-local-step opening without its patched() guard', () => {
  const PATCH = 'open-in-one-local-step';
  let outcomes: Outcomes;
  beforeAll(async () => {
    outcomes = await replayAll(
      await bundleWithWorkflowApi('./changed-workflow/unguarded-open-in-one-local-step'),
    );
  });
  const before = histories.filter((h) => !patchesIn(h).includes(PATCH) && !choseAtStart(h)).map(nameOf);
  const after = histories.filter((h) => patchesIn(h).includes(PATCH)).map(nameOf);

  test('breaks every history recorded before the change, which opened the order in three activities', () => {
    expect(before).toContain('paid-and-fulfilled');
    expect(before.every((name) => outcomes.get(name))).toBe(true);
    expectDeterminismViolations(outcomes, before, /Nondeterminism error|does not match/);
  });

  test('breaks the histories that recorded the patch: the guard may only go after deprecatePatch()', () => {
    expect(after).toContain('paid-and-fulfilled-local-steps');
    expectDeterminismViolations(outcomes, after, new RegExp(`Non-deprecated patch marker .* ${PATCH}`));
  });
});

describe('per-seller shipping without its patched() guard', () => {
  const PATCH = 'ship-per-seller';
  let outcomes: Outcomes;
  beforeAll(async () => {
    outcomes = await replayAll(await bundleWithWorkflowApi('./changed-workflow/unguarded-ship-per-seller'));
  });
  const after = histories.filter((h) => patchesIn(h).includes(PATCH)).map(nameOf);

  test('breaks the histories that recorded the patch: the guard may only go after deprecatePatch()', () => {
    expect(after).toEqual(
      expect.arrayContaining(['shipped-by-two-sellers', 'paid-and-fulfilled-per-seller']),
    );
    expectDeterminismViolations(outcomes, after, new RegExp(`Non-deprecated patch marker .* ${PATCH}`));
  });

  /**
   * A whole order shipped at once issues the same commands on both paths (one stock commit, then
   * FULFILLED), so the histories from before the change would replay unguarded too; the guard keeps the
   * executions that were waiting for a shipment at deploy time on the whole-order rules.
   */
  test('leaves every history from before the change replaying', () => {
    expect(failedIn(outcomes).sort()).toEqual([...after].sort());
  });
});

describe('every path chosen at the start without its patched() guard', () => {
  let outcomes: Outcomes;
  beforeAll(async () => {
    outcomes = await replayAll(
      await bundleWithWorkflowApi('./changed-workflow/unguarded-paths-chosen-at-start'),
    );
  });
  const after = histories.filter((h) => patchesIn(h).includes(PATHS_CHOSEN_AT_START)).map(nameOf);

  test('breaks the histories that recorded the patch: the guard may only go after deprecatePatch()', () => {
    expect(after).toEqual(
      expect.arrayContaining(['paid-and-fulfilled-chosen-at-start', 'declined-chosen-at-start']),
    );
    expectDeterminismViolations(
      outcomes,
      after,
      new RegExp(`Non-deprecated patch marker .* ${PATHS_CHOSEN_AT_START}`),
    );
  });

  /** Each of them took an older path (three activities, or a later patch decided where it was reached). */
  test('breaks every history recorded before the change', () => {
    const before = histories.filter((h) => !choseAtStart(h)).map(nameOf);
    expect(before).toContain('paid-and-fulfilled-per-seller');
    expectDeterminismViolations(outcomes, before, /Nondeterminism error|does not match/);
  });

  test('leaves the executions of the newer marker replaying: they never reach this patched() call', () => {
    const newer = histories.filter((h) => patchesIn(h).includes(OPEN_AND_PAY_IN_ONE_STEP)).map(nameOf);
    expect(newer).toContain('paid-and-fulfilled-open-and-pay');
    for (const name of newer) expect(outcomes.get(name)).toBeUndefined();
  });
});

describe('the one paying step without its patched() guard', () => {
  let outcomes: Outcomes;
  beforeAll(async () => {
    outcomes = await replayAll(
      await bundleWithWorkflowApi('./changed-workflow/unguarded-open-and-pay-in-one-step'),
    );
  });
  const after = histories.filter((h) => patchesIn(h).includes(OPEN_AND_PAY_IN_ONE_STEP)).map(nameOf);

  test('breaks the histories that recorded the patch: the guard may only go after deprecatePatch()', () => {
    expect(after).toEqual(expect.arrayContaining(['paid-and-fulfilled-open-and-pay', 'declined-at-once']));
    expectDeterminismViolations(
      outcomes,
      after,
      new RegExp(`Non-deprecated patch marker .* ${OPEN_AND_PAY_IN_ONE_STEP}`),
    );
  });

  /** Those that chose their paths by the older marker no longer ask for it; the older ones opened otherwise. */
  test('breaks every history recorded before the change', () => {
    const before = names.filter((name) => !after.includes(name));
    expect(before).toEqual(
      expect.arrayContaining([
        'paid-and-fulfilled-chosen-at-start',
        'rejected-chosen-at-start',
        'paid-and-fulfilled',
      ]),
    );
    expectDeterminismViolations(
      outcomes,
      before,
      /Nondeterminism error|does not match|Non-deprecated patch marker/,
    );
  });
});
