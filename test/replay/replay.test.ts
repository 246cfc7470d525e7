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
  // The development key of the newer histories; the older ones were written before encryption.
  const dataConverter = dataConverterFor(parseConfig({ NODE_ENV: 'test' }), { acceptPlain: true });
  for await (const { workflowId, error } of Worker.runReplayHistories(
    { workflowBundle, dataConverter },
    histories,
  ))
    outcomes.set(path.basename(workflowId, '.json'), error);
  return outcomes;
}

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

  /**
   * The 1.0 workflow called no patched(): its histories hold no marker. A change adds its marker to new
   * executions only, so the histories recorded since hold the markers of the patches that lived then.
   */
  test('hold no patch marker but those of the patches since 1.0, in the histories recorded since', () => {
    const since10 = (name: string) => name.startsWith('rejected-invalid-order');
    expect(histories.filter((h) => !since10(nameOf(h))).flatMap(patchesIn)).toEqual([]);
    const recordedSince = histories.filter((h) => since10(nameOf(h)));
    expect(recordedSince.length).toBeGreaterThan(0);
    for (const history of recordedSince) expect(patchesIn(history)).toEqual(['poison-order-rejected']);
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
        'declined-at-once',
        'cancelled-after-payment',
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

describe('the same pause behind patched()', () => {
  test('leaves every committed history replaying: the rule for every change from 1.0 on', async () => {
    const guarded = await bundle({
      workflowInterceptorModules: [require.resolve('./changed-workflow/patched-wait-before-charge')],
    });
    const outcomes = await replayAll(guarded);
    expect(outcomes.size).toBe(histories.length);
    expect(failedIn(outcomes)).toEqual([]);
  });
});
