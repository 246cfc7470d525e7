import { Router, type Response } from 'express';
import { z } from 'zod';
import {
  ORDER_STATUSES,
  PlaceOrder,
  SubmitPayment,
  type OrderView,
  type SellerOrderView,
} from '../../contracts/order';
import { requireRole } from '../auth';
import type { CallerLimits } from '../caller-limits';
import type { OrderService } from '../order-service';
import { idempotencyKeyOf, parse } from '../validate';
import { text } from '../../contracts/text';

const ListQuery = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** SELLER only: orders whose lines of the seller's products have (true) or have not (false) shipped. */
  shipped: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  /** ADMIN only: one customer's orders. */
  customerId: text().min(1).max(200).optional(),
  /** Placed at or after, and before, these instants (ISO 8601). */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

const links = (order: { id: string }) => ({
  self: `/orders/${order.id}`,
  payment: `/orders/${order.id}/payment`,
  cancel: `/orders/${order.id}/cancel`,
  fulfill: `/orders/${order.id}/fulfill`,
});

/** Routes of `/orders`; `limits` holds each caller to its share of placements, reads and card attempts. */
export function ordersRouter(orders: OrderService, limits: CallerLimits): Router {
  const router = Router();
  const meta = (req: { requestId: string; correlationId: string }) => ({
    requestId: req.requestId,
    correlationId: req.correlationId,
  });

  router.post('/', requireRole('USER'), async (req, res) => {
    const body = parse(PlaceOrder, req.body);
    const caller = req.principal!.subject;
    await limits.take('placements', caller);
    if (body.payment) await limits.take('cardAttempts', caller);
    const { order, created } = await limits.holding(caller, () =>
      orders.placeOrder(req.principal!, body, idempotencyKeyOf(req), meta(req)),
    );
    if (!created) res.setHeader('Idempotent-Replayed', 'true');
    res
      .status(created ? 201 : 200)
      .location(`/orders/${order.id}`)
      .json({ ...order, _links: links(order) });
  });

  router.get('/', requireRole('USER', 'SELLER', 'ADMIN'), async (req, res) => {
    const query = parse(ListQuery, req.query, 'query');
    res.json(await orders.listOrders(req.principal!, query));
  });

  // Each read may query the order's saga in Temporal, unlike the list, which reads the read model.
  router.get('/:id', requireRole('USER', 'SELLER', 'ADMIN'), limits.guard('queries'), async (req, res) => {
    const order = await orders.getOrder(req.principal!, String(req.params.id));
    res.json({ ...order, _links: links(order) });
  });

  router.post('/:id/payment', requireRole('USER'), async (req, res) => {
    const { token } = parse(SubmitPayment, req.body);
    await limits.take('cardAttempts', req.principal!.subject);
    answer(res, await orders.pay(req.principal!, String(req.params.id), token, meta(req)));
  });

  router.post('/:id/cancel', requireRole('USER', 'ADMIN'), async (req, res) => {
    answer(res, await orders.cancel(req.principal!, String(req.params.id), meta(req)));
  });

  router.post('/:id/fulfill', requireRole('SELLER', 'ADMIN'), async (req, res) => {
    answer(res, await orders.fulfil(req.principal!, String(req.params.id), meta(req)));
  });

  return router;
}

/** 200 with the order once the saga has acted; 202 with the order as it is while the work goes on. */
function answer(res: Response, { order, done }: { order: OrderView | SellerOrderView; done: boolean }) {
  res.status(done ? 200 : 202).json(order);
}
