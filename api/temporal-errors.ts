import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../contracts/failure-types';
import { conflict, HttpProblem, notFound, unavailable } from './problem';

/** Maps what Temporal says about an order's workflow to an HTTP problem a client can act on. */
export function toHttpProblem(error: unknown, orderId: string): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && cause.type === FailureType.InvalidOrderState)
      return conflict(cause.message);
    return conflict(cause?.message ?? error.message);
  }
  if (error instanceof WorkflowNotFoundError) return notFound(`order ${orderId} was not found`);
  const message = (error as Error)?.message ?? String(error);
  if (/workflow execution already completed/i.test(message))
    return conflict(`order ${orderId} is closed; nothing more can change`);
  return unavailable(`the order service could not reach the workflow engine: ${message}`);
}
