import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import type { EventContext } from '../contracts/events';
import { FailureType } from '../contracts/failure-types';
import { MAX_ON_HAND, toProductView, type CreateProduct, type ProductView } from '../contracts/product';
import { deterministicUuid } from '../platform/ids';
import { lockProducts } from './inventory';
import { appendEvent } from './outbox';

/**
 * Catalog changes made by sellers through the API: creating products (at most `productsPerSeller` per
 * seller, when given) and adding stock.
 */
export function createCatalogActivities({ db, productsPerSeller }: { db: Knex; productsPerSeller?: number }) {
  return {
    async createProduct(
      input: CreateProduct & { sellerId: string; productId: string; requestId: string },
    ): Promise<ProductView> {
      return db.transaction(async (trx) => {
        if (productsPerSeller !== undefined) await checkProductCap(trx, input.sellerId, productsPerSeller);
        const row = {
          id: input.productId,
          sku: input.sku,
          name: input.name,
          price_cents: input.priceCents,
          currency: input.currency,
          on_hand: input.onHand,
          seller_id: input.sellerId,
        };
        await trx('inventory.products').insert(row);
        await appendEvent(trx, {
          type: 'inventory.restocked',
          orderId: input.productId,
          idempotencyName: `${input.productId}/created`,
          data: {
            productId: input.productId,
            sku: input.sku,
            name: input.name,
            priceCents: input.priceCents,
            currency: input.currency,
            sellerId: input.sellerId,
            quantity: input.onHand,
            onHand: input.onHand,
          },
          context: { correlationId: input.requestId, causationId: input.requestId },
        });
        return toProductView({ ...row, reserved: 0 });
      });
    },

    /** Adds stock once per restock id, so a retried request does not add it twice. */
    async restockProduct(input: {
      productId: string;
      quantity: number;
      restockKey: string;
      context: EventContext;
    }): Promise<ProductView> {
      const restockId = deterministicUuid(`${input.productId}/restock/${input.restockKey}`);
      return db.transaction(async (trx) => {
        const [product] = await lockProducts(trx, [input.productId]);
        if (!product)
          throw ApplicationFailure.create({
            type: FailureType.ProductNotFound,
            message: `product ${input.productId} does not exist`,
            nonRetryable: true,
          });
        const inserted = await trx('inventory.restocks')
          .insert({ id: restockId, product_id: input.productId, quantity: input.quantity })
          .onConflict('id')
          .ignore()
          .returning('id');
        if (inserted.length > 0) {
          if (product.on_hand + input.quantity > MAX_ON_HAND)
            throw ApplicationFailure.create({
              type: FailureType.StockLimitReached,
              message: `restocking ${input.quantity} would take product ${input.productId} past ${MAX_ON_HAND} units on hand (it has ${product.on_hand}); nothing was added`,
              details: [{ limit: 'MAX_ON_HAND', max: MAX_ON_HAND, onHand: product.on_hand }],
              nonRetryable: true,
            });
          const [updated] = await trx('inventory.products')
            .where({ id: input.productId })
            .update({ on_hand: trx.raw('on_hand + ?', [input.quantity]), updated_at: trx.fn.now() })
            .returning('*');
          await appendEvent(trx, {
            type: 'inventory.restocked',
            orderId: input.productId,
            idempotencyName: `restock/${restockId}`,
            data: {
              productId: updated.id,
              sku: updated.sku,
              name: updated.name,
              priceCents: updated.price_cents,
              currency: updated.currency,
              sellerId: updated.seller_id,
              quantity: input.quantity,
              onHand: updated.on_hand,
            },
            context: input.context,
          });
        }
        return toProductView(await trx('inventory.products').where({ id: input.productId }).first());
      });
    },
  };
}

/**
 * Counts the seller's products under a transaction-scoped advisory lock per seller, so that creations
 * sent together are counted one after another and cannot pass the cap together.
 */
async function checkProductCap(trx: Knex.Transaction, sellerId: string, max: number) {
  await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`products-of-seller/${sellerId}`]);
  const row = await trx('inventory.products').where({ seller_id: sellerId }).count({ n: '*' }).first();
  if (Number(row?.n ?? 0) >= max)
    throw ApplicationFailure.create({
      type: FailureType.ProductLimitReached,
      message: `this seller already has ${max} products, the limit (PRODUCTS_PER_SELLER); nothing was created`,
      details: [{ limit: 'PRODUCTS_PER_SELLER', max }],
      nonRetryable: true,
    });
}

export type CatalogActivities = ReturnType<typeof createCatalogActivities>;
