import type { OrderLine, Shipment } from '../contracts/order';
import type { ShipCommand } from './definitions';

/** A shipment the saga accepted and has yet to make: the lines it takes, and who asked. */
export interface ShipRequest {
  command: ShipCommand;
  productIds: string[];
}

/**
 * Which lines of a paid order have shipped and which are on their way. In a marketplace each seller
 * ships their own lines; the order is complete when every line has shipped, and each line ships once.
 */
export class Shipping {
  readonly queue: ShipRequest[] = [];
  readonly shipments: Shipment[] = [];
  private readonly claimed = new Set<string>();
  private readonly shipped = new Set<string>();

  constructor(private readonly lines: OrderLine[]) {}

  /** True once any shipment was accepted: from then on the order can only go forward. */
  get started(): boolean {
    return this.claimed.size > 0;
  }

  get shippedLines(): number {
    return this.shipped.size;
  }

  get totalLines(): number {
    return this.lines.length;
  }

  complete(): boolean {
    return this.shipped.size === this.lines.length;
  }

  /** Why this command cannot ship anything now, or undefined when it can. */
  refusal(command: ShipCommand): string | undefined {
    const known = new Set(this.lines.map((l) => l.productId));
    const stranger = command.productIds?.find((id) => !known.has(id));
    if (stranger) return `product ${stranger} is not in this order`;
    if (this.open(command).length > 0) return undefined;
    const wanted = command.productIds ?? this.lines.map((l) => l.productId);
    const done = wanted.every((id) => this.shipped.has(id));
    if (command.sellerId)
      return `the lines of seller ${command.sellerId} in this order ${done ? 'have already shipped' : 'are being shipped'}`;
    return `every line of this order ${done ? 'has already shipped' : 'is shipped or being shipped'}`;
  }

  /** Queues the command's open lines and returns them; call after `refusal` said yes. */
  accept(command: ShipCommand): string[] {
    const productIds = this.open(command);
    for (const id of productIds) this.claimed.add(id);
    this.queue.push({ command, productIds });
    return productIds;
  }

  hasShipped(productIds: string[]): boolean {
    return productIds.every((id) => this.shipped.has(id));
  }

  /** The lines of the request, unless they are the whole order (then the stock step takes all it holds). */
  partOfOrder({ productIds }: ShipRequest): string[] | undefined {
    return productIds.length === this.lines.length ? undefined : productIds;
  }

  record({ command, productIds }: ShipRequest, at: string): Shipment {
    for (const id of productIds) this.shipped.add(id);
    const shipment = { at, ...(command.sellerId ? { sellerId: command.sellerId } : {}), productIds };
    this.shipments.push(shipment);
    return shipment;
  }

  /** Sellers whose lines are still to ship (lines without a known seller count as "the shop"). */
  waitingFor(): string[] {
    const sellers = this.lines
      .filter((l) => !this.shipped.has(l.productId))
      .map((l) => (l.sellerId ? `seller ${l.sellerId}` : 'the shop'));
    return [...new Set(sellers)];
  }

  private open(command: ShipCommand): string[] {
    const wanted = command.productIds ?? this.lines.map((l) => l.productId);
    return wanted.filter((id) => !this.claimed.has(id));
  }
}
