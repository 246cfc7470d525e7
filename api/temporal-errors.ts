import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { conflict, HttpProblem, notFound, unavailable } from './problem';

/** Maps what Temporal says about an order's workflow to an HTTP problem a client can act on. */
export function toHttpProblem(error: unknown, orderId: string): HttpProblem {
  if (error instanceof HttpProblem) return error;
  // A validator's refusal: the order's state does not allow the command.
  if (error instanceof WorkflowUpdateFailedError) return conflict(error.cause?.message ?? error.message);
  if (error instanceof WorkflowNotFoundError) return notFound(`order ${orderId} was not found`);
  const message = (error as Error)?.message ?? String(error);
  return unavailable(`the order service could not reach the workflow engine: ${message}`);
}
