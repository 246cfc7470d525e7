import { metricMeter } from '@temporalio/workflow';
import type { CancelReason } from '../contracts/order';
import type { OrderState } from './order-state';
import type { OrderSteps } from './order-steps';

const INVALID_ORDERS_HELP = 'orders rejected because an activity refused their data for good';

/**
 * Every way the saga undoes an order, in one place. The stock always goes back on the shelf first, at
 * once, even while the PSP is slow or down and a refund keeps being retried; CANCELLED is recorded last.
 */
export class Compensations {
  constructor(
    private readonly steps: OrderSteps,
    private readonly order: OrderState,
  ) {}

  /** Before any payment stands: release the reserved stock, then cancel. */
  async releaseAndCancel(reason: CancelReason, note: string): Promise<void> {
    await this.steps.releaseStock(reason, note);
    await this.steps.recordCancelled(reason, note);
  }

  /** A paid order: release the stock, refund the charge, cancel (or say that an operator is needed). */
  async releaseRefundAndCancel(note: string): Promise<void> {
    await this.steps.releaseStock('refunded', note);
    if (await this.steps.refund()) return this.steps.recordCancelled('refunded', note);
    await this.steps.recordCancelled('refund_failed', `${note}; the PSP refused the refund`);
    this.order.describeStep(
      `needs an operator: the PSP refused the refund of ${this.steps.total}; the charge stands`,
    );
  }

  /**
   * An activity refused the order's data for good (`why`): retrying cannot help, so give back what the
   * order holds (its stock; the charge, when one may stand) and end REJECTED with reason invalid_order.
   */
  async rejectInvalid(why: string): Promise<void> {
    const note = 'its data was refused';
    this.steps.causedByEarlierEvent();
    await this.steps.releaseStock('invalid_order', note);
    const refunded = !this.steps.charged || (await this.steps.refund());
    await this.steps.recordRejected('invalid_order', why);
    // Counted by the worker (orders_rejected_invalid in its Prometheus metrics); never during a replay.
    metricMeter.createCounter('orders_rejected_invalid', 'orders', INVALID_ORDERS_HELP).add(1);
    this.order.describeStep(
      refunded
        ? `done: rejected as an invalid order, whatever it held given back (${why})`
        : `needs an operator: rejected as an invalid order, but the PSP refused the refund of ${this.steps.total}; the charge stands`,
    );
  }

  /** The workflow itself was cancelled (e.g. from the Web UI): undo whatever was done so far. */
  async undoAll(): Promise<void> {
    const note = 'workflow cancelled';
    if (this.steps.charged) await this.releaseRefundAndCancel(note);
    else await this.releaseAndCancel('customer_cancelled', note);
  }
}
