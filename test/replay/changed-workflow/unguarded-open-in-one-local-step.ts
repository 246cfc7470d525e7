import { unguarded } from './unguard';

/** The workflow API with the one-local-step opening unguarded. Bundled in place of `@temporalio/workflow`. */
export * from '@temporalio/workflow/lib/index';
export const patched = unguarded('open-in-one-local-step');
