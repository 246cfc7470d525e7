import type {
  OrderStatus,
  OrderSummary,
  OrderView,
  SellerOrderSummary,
  SellerOrderView,
  TimelineEntry,
} from '../contracts/order';

/** Whose part of an order: the seller, and which of the order's products are theirs (the catalog says). */
export interface SellerPart {
  sellerId: string;
  productIds: readonly string[];
}

/**
 * The seller's lines of an order and their subtotal. `updatedAt` is the last change the seller may see
 * (a status change or a shipment of its own lines): the order's own updatedAt moves when another seller
 * ships, and would tell when.
 */
export function sellerSummaryOf(
  order: OrderSummary,
  part: SellerPart,
  updatedAt: string = order.updatedAt,
): SellerOrderSummary {
  const own = new Set(part.productIds);
  const items = order.items.filter((line) => own.has(line.productId));
  return {
    id: order.id,
    sellerId: part.sellerId,
    status: order.status,
    ...(order.reason ? { reason: order.reason } : {}),
    items,
    subtotalCents: items.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0),
    currency: order.currency,
    createdAt: order.createdAt,
    updatedAt,
  };
}

/**
 * The order as a seller of some of its lines sees it. Its timeline keeps the order's status changes and
 * adds the shipments of the seller's own lines; the saga's other entries (other sellers' shipments, how
 * many lines are left) and its `step` (which names the sellers still to ship and the total) stay out.
 */
export function sellerViewOf(order: OrderView, part: SellerPart): SellerOrderView {
  const own = new Set(part.productIds);
  const shipments = (order.shipments ?? [])
    .map((shipment) => ({
      at: shipment.at,
      ...(shipment.sellerId === part.sellerId ? { sellerId: part.sellerId } : {}),
      productIds: shipment.productIds.filter((id) => own.has(id)),
    }))
    .filter((shipment) => shipment.productIds.length > 0);
  const statusChanges = order.timeline.filter(
    (entry, i) => i === 0 || entry.status !== order.timeline[i - 1]!.status,
  );
  const shipmentEntries = shipments.map((shipment): TimelineEntry => ({
    at: shipment.at,
    status: statusAt(statusChanges, shipment.at),
    note: `${shipment.productIds.length} line(s) shipped by ${shipment.sellerId ? `seller ${shipment.sellerId}` : 'an admin'}`,
  }));
  // Stable: a shipment sharing its instant with a status change (the last one, FULFILLED) comes first.
  const timeline = [...shipmentEntries, ...statusChanges].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const shortages = order.shortages?.filter((shortage) => own.has(shortage.productId));
  return {
    ...sellerSummaryOf(order, part, timeline.at(-1)?.at ?? order.createdAt),
    timeline,
    ...(shipments.length > 0 ? { shipments } : {}),
    ...(order.paymentDueAt ? { paymentDueAt: order.paymentDueAt } : {}),
    ...(shortages && shortages.length > 0 ? { shortages } : {}),
  };
}

/** The status a shipment happened under: the last change before it (the last line's FULFILLED follows it). */
function statusAt(statusChanges: TimelineEntry[], at: string): OrderStatus {
  const before = statusChanges.filter((entry) => Date.parse(entry.at) < Date.parse(at));
  return (before.at(-1) ?? statusChanges[0])?.status ?? 'PAID';
}

/** How many orders one stream remembers what it told of; the oldest is forgotten first. */
const REMEMBERED_ORDERS = 10_000;

/**
 * What one seller's `/live` stream last told of each order, so that it is told of a change only when its
 * part changed (the status, or whether its own lines have shipped): a bare "order X changed" while the
 * order stays PAID would tell the seller that another seller just shipped.
 */
export class SellerNotices {
  private readonly told = new Map<string, string>();

  changed(orderId: string, status: string, ownLinesShipped: boolean): boolean {
    const state = `${status}/${ownLinesShipped}`;
    if (this.told.get(orderId) === state) return false;
    this.told.delete(orderId);
    this.told.set(orderId, state);
    if (this.told.size > REMEMBERED_ORDERS) this.told.delete(this.told.keys().next().value!);
    return true;
  }
}
