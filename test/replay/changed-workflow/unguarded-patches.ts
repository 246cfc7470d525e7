/**
 * The workflow API, except that `patched()` always answers true and records no marker: the workflow as
 * if each patched change had shipped without its guard. Bundled in place of `@temporalio/workflow`.
 */
export * from '@temporalio/workflow/lib/index';

export function patched(_patchId: string): boolean {
  return true;
}
