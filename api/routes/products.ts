import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { CatalogActivities } from '../../activities/catalog';
import { FailureType } from '../../contracts/failure-types';
import { CatalogQuery, CreateProduct, Restock } from '../../contracts/product';
import { listCatalog } from '../../projections';
import { requireRole } from '../auth';
import { conflict, forbidden, notFound } from '../problem';
import { idempotencyKeyOf, parse } from '../validate';

const ProductId = z.uuid('product id must be a UUID');

export function productsRouter({ db, catalog }: { db: Knex; catalog: CatalogActivities }): Router {
  const router = Router();

  // Served from the read model the projector keeps; it trails writes by the event lag.
  router.get('/', async (req, res) => {
    res.json(await listCatalog(db, parse(CatalogQuery, req.query, 'query')));
  });

  router.post('/', requireRole('SELLER', 'ADMIN'), async (req, res) => {
    const body = parse(CreateProduct, req.body);
    try {
      const product = await catalog.createProduct({
        ...body,
        sellerId: req.principal!.subject,
        productId: randomUUID(),
        requestId: req.requestId,
      });
      res.status(201).location(`/products/${product.id}`).json(product);
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw conflict(`a product with sku "${body.sku}" already exists`);
      const failure = error as Error & { type?: string; details?: unknown[] };
      if (failure.type === FailureType.ProductLimitReached)
        throw conflict(failure.message, failure.details?.[0] as Record<string, unknown>);
      throw error;
    }
  });

  router.post('/:id/restock', requireRole('SELLER', 'ADMIN'), async (req, res) => {
    const productId = ProductId.safeParse(req.params.id);
    if (!productId.success) throw notFound(`product ${req.params.id} was not found`);
    const restockKey = idempotencyKeyOf(req) ?? randomUUID();
    const { quantity } = parse(Restock, req.body);
    const principal = req.principal!;
    if (principal.role === 'SELLER') {
      // The catalog is public, so whose product it is is no secret: 403, not 404.
      const owner = await db('inventory.products').where({ id: productId.data }).first('seller_id');
      if (owner && owner.seller_id !== principal.subject)
        throw forbidden(
          `product ${productId.data} belongs to another seller; only its seller or an ADMIN restocks it`,
        );
    }
    const product = await catalog
      .restockProduct({
        productId: productId.data,
        quantity,
        restockKey,
        context: { correlationId: req.correlationId, causationId: req.requestId },
      })
      .catch((error: Error & { type?: string; details?: unknown[] }) => {
        if (error.type === FailureType.ProductNotFound) throw notFound(error.message);
        if (error.type === FailureType.StockLimitReached)
          throw conflict(error.message, error.details?.[0] as Record<string, unknown>);
        throw error;
      });
    res.json(product);
  });

  return router;
}
