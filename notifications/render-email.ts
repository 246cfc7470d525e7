import type { CancelReason, OrderLine } from '../contracts/order';
import type { MomentEvent } from './moments';

export interface OrderFacts {
  orderId: string;
  customerId: string;
  items: OrderLine[];
  totalCents: number;
  currency: string;
}

export interface RenderInput {
  order: OrderFacts;
  event: MomentEvent;
  /** Product names by id, as far as the notifier has seen them. */
  productNames: ReadonlyMap<string, string>;
  /** Base URL of the order links. */
  publicUrl: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

interface Content {
  subject: string;
  /** Paragraphs of plain text; the HTML part shows the same words. */
  paragraphs: string[];
  lines?: boolean;
  /** Rows of a small table: label and value. */
  table?: Array<[string, string]>;
}

export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(cents / 100);
}

function formatTime(iso: string): string {
  const time = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso));
  return `${time} UTC`;
}

const CANCEL_REASONS = {
  payment_declined: 'your card was declined, so the items we held for you were released',
  payment_timeout: 'it was not paid within the payment window, so the items we held for you were released',
  customer_cancelled: 'it was cancelled at your request',
  refunded: 'it was cancelled after payment',
  refund_failed: 'it was cancelled after payment',
} as const satisfies Record<CancelReason, string>;

/** The e-mail for one moment of an order: a subject, a plain-text part and an HTML part with the same words. */
export function renderEmail({ order, event, productNames, publicUrl }: RenderInput): RenderedEmail {
  const ref = order.orderId.slice(0, 8);
  const money = (cents: number) => formatMoney(cents, order.currency);
  const name = (productId: string) => productNames.get(productId) ?? `product ${productId.slice(0, 8)}`;
  const content = ((): Content => {
    switch (event.type) {
      case 'order.confirmed':
        return {
          subject: `Order ${ref} confirmed: your items are reserved`,
          paragraphs: [
            `Your order is confirmed and its items are reserved for you.`,
            `If you have not paid yet, please pay by ${formatTime(event.data.paymentDueAt)}; after that the reservation is released and the order is cancelled.`,
          ],
          lines: true,
        };
      case 'order.rejected':
        if (event.data.reason === 'invalid_order')
          return {
            subject: `Order ${ref} could not be processed`,
            paragraphs: [
              `We are sorry: your order could not be processed, so nothing stays reserved for it and any payment was refunded.`,
            ],
          };
        return {
          subject: `Order ${ref} could not be placed: not enough stock`,
          paragraphs: [
            `We are sorry: we could not reserve everything in your order, so nothing was reserved and you have not been charged.`,
          ],
          table: event.data.shortages.map((s) => [
            name(s.productId),
            `you asked for ${s.requested}, ${s.available} available`,
          ]),
        };
      case 'order.paid':
        return {
          subject: `Receipt for order ${ref}: ${money(order.totalCents)} paid`,
          paragraphs: [
            `Thank you: we received your payment of ${money(order.totalCents)}.`,
            `Payment reference: ${event.data.paymentId}`,
          ],
          lines: true,
        };
      case 'order.cancelled': {
        const refunded = event.data.reason === 'refunded';
        return {
          subject: `Order ${ref} cancelled${refunded ? `: ${money(order.totalCents)} refunded` : ''}`,
          paragraphs: [
            `Your order was cancelled: ${CANCEL_REASONS[event.data.reason]}.`,
            {
              refunded: `We refunded ${money(order.totalCents)} to the card you paid with; banks usually show it within a few days.`,
              refund_failed: `Your refund of ${money(order.totalCents)} could not be made automatically; our team has been told and will settle it with you.`,
            }[event.data.reason as string] ?? `You have not been charged.`,
          ],
        };
      }
      case 'order.fulfilled':
        return {
          subject: `Order ${ref} has shipped`,
          paragraphs: [`Good news: your order has shipped.`],
          lines: true,
        };
    }
  })();

  const link = `${publicUrl}/orders/${order.orderId}`;
  const lineRows: Array<[string, string]> = content.lines
    ? [
        ...order.items.map((l): [string, string] => [
          `${l.quantity} × ${name(l.productId)}`,
          money(l.quantity * l.unitPriceCents),
        ]),
        ['Total', money(order.totalCents)],
      ]
    : [];
  const rows = [...lineRows, ...(content.table ?? [])];

  const text = [...content.paragraphs, alignColumns(rows), `Your order: ${link}`, `Order ${order.orderId}`]
    .filter((part) => part.length > 0)
    .join('\n\n');

  const cell = 'padding:4px 12px 4px 0;border-bottom:1px solid #eee';
  const html = `<!doctype html>
<html><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1f2328;max-width:560px">
<h2 style="font-size:18px">${escapeHtml(content.subject)}</h2>
${content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${
  rows.length > 0
    ? `<table style="border-collapse:collapse">${rows
        .map(
          ([label, value]) =>
            `<tr${label === 'Total' ? ' style="font-weight:600"' : ''}><td style="${cell}">${escapeHtml(label)}</td><td style="${cell};text-align:right">${escapeHtml(value)}</td></tr>`,
        )
        .join('')}</table>`
    : ''
}
<p><a href="${escapeHtml(link)}">View your order</a></p>
<p style="color:#656d76;font-size:12px">Order ${escapeHtml(order.orderId)}</p>
</body></html>`;
  return { subject: content.subject, text, html };
}

/** Labels padded to one width and amounts to another, so a plain-text receipt reads as a table. */
function alignColumns(rows: Array<[string, string]>): string {
  const labelWidth = Math.max(0, ...rows.map(([label]) => label.length));
  const valueWidth = Math.max(0, ...rows.map(([, value]) => value.length));
  return rows
    .map(([label, value]) => `  ${label.padEnd(labelWidth)}  ${value.padStart(valueWidth)}`)
    .join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
