import { useCallback, useEffect, useRef, useState } from 'react';
import { api, call, type Product } from './api/client';
import type { Loaded } from './components/ui';

/** The API's largest page, so that a first load takes as few requests as it can. */
const PAGE = 200;

export interface Catalog extends Loaded<Product[]> {
  /** Fetches these products again (a live `catalog` event names them); without ids, every product. */
  changed: (productIds?: string[]) => void;
}

/**
 * The whole catalog, read page by page on first load and then kept current product by product: a stock
 * change costs a request for the products it names, not the catalog again. Changes that arrive while a
 * request runs are gathered and fetched together after it.
 */
export function useCatalog(): Catalog {
  const [state, setState] = useState<{ data?: Product[]; error?: string; loading: boolean }>({
    loading: true,
  });
  const pending = useRef<{ all: boolean; ids: Set<string> }>({ all: true, ids: new Set() });
  const running = useRef(false);

  const drain = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    while (pending.current.all || pending.current.ids.size > 0) {
      const { all, ids } = pending.current;
      pending.current = { all: false, ids: new Set() };
      try {
        if (all) {
          const products = await loadAll();
          setState({ data: products, loading: false });
        } else {
          const fresh = await loadSome([...ids]);
          setState((s) => ({ data: merge(s.data ?? [], fresh), loading: false }));
        }
      } catch (error) {
        setState((s) => ({ ...s, error: (error as Error).message, loading: false }));
      }
    }
    running.current = false;
  }, []);

  const changed = useCallback(
    (productIds?: string[]) => {
      if (productIds) productIds.forEach((id) => pending.current.ids.add(id));
      else pending.current.all = true;
      void drain();
    },
    [drain],
  );
  const reload = useCallback(() => changed(), [changed]);
  useEffect(() => void drain(), [drain]);
  return { ...state, reload, changed };
}

async function loadAll(): Promise<Product[]> {
  const products: Product[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(api.GET('/products', { params: { query: { limit: PAGE, cursor } } }));
    products.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return products;
}

async function loadSome(ids: string[]): Promise<Product[]> {
  const products: Product[] = [];
  for (let start = 0; start < ids.length; start += PAGE) {
    const chunk = ids.slice(start, start + PAGE);
    const page = await call(
      api.GET('/products', { params: { query: { ids: chunk.join(','), limit: chunk.length } } }),
    );
    products.push(...page.items);
  }
  return products;
}

/** The catalog with these products replaced in place, and new ones added where their name sorts. */
function merge(catalog: Product[], fresh: Product[]): Product[] {
  const next = [...catalog];
  for (const product of fresh) {
    const at = next.findIndex((p) => p.id === product.id);
    if (at >= 0) next[at] = product;
    else {
      const after = next.findIndex((p) => p.name.localeCompare(product.name) > 0);
      next.splice(after < 0 ? next.length : after, 0, product);
    }
  }
  return next;
}
