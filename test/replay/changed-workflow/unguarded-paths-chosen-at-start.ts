import { unguarded } from './unguard';

/** The workflow API with the paths chosen at the start unguarded. Bundled in place of `@temporalio/workflow`. */
export * from '@temporalio/workflow/lib/index';
export const patched = unguarded('paths-chosen-at-start');
