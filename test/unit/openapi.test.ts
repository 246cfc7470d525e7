import { buildOpenApi } from '../../api/openapi';
import { loadConfig } from '../../platform/config';
import { startHttpLayer } from '../support/api-fakes';

const spec = buildOpenApi();

test('the request schemas are the zod contracts, limits included', () => {
  const placeOrder = spec.components.schemas.PlaceOrder as unknown as {
    properties: { items: { maxItems: number; minItems: number } };
  };
  expect(placeOrder.properties.items).toMatchObject({ minItems: 1, maxItems: 50 });
  expect(JSON.stringify(spec.components.schemas.CreateProduct)).toContain('"priceCents"');
});

test('every documented operation is served by the app (no "no route" answer)', async () => {
  const api = startHttpLayer(loadConfig());
  try {
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const method of Object.keys(operations)) {
        const url = api.url + path.replace('{id}', '00000000-0000-4000-8000-000000000000');
        const response = await fetch(url, { method: method.toUpperCase() });
        const text = await response.text();
        expect({ method, path, noRoute: /no route/.test(text) }).toEqual({ method, path, noRoute: false });
      }
    }
  } finally {
    await api.close();
  }
});
