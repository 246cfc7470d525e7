import { unguarded } from './unguard';

/** The workflow API with the one paying step unguarded. Bundled in place of `@temporalio/workflow`. */
export * from '@temporalio/workflow/lib/index';
export const patched = unguarded('open-and-pay-in-one-step');
