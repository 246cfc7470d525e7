import { unguarded } from './unguard';

/** The workflow API with the release-before-refund change unguarded. Bundled in place of `@temporalio/workflow`. */
export * from '@temporalio/workflow/lib/index';
export const patched = unguarded('release-stock-before-refund');
