import fs from 'node:fs';
import { EVENT_TYPES, TOPICS } from '../../contracts/events';
import { ASYNCAPI_FILE, buildAsyncApi, renderAsyncApi } from '../../scripts/asyncapi/build-asyncapi';

type Doc = Record<string, unknown>;

test('the committed AsyncAPI document is what the event schemas generate (npm run asyncapi)', () => {
  expect(fs.readFileSync(ASYNCAPI_FILE, 'utf8')).toBe(renderAsyncApi());
});

test('the AsyncAPI document lists every event type on its topic, and every reference resolves', () => {
  const doc = buildAsyncApi();
  const channels = doc.channels as Record<string, { address: string; messages: Record<string, unknown> }>;
  const messages = (doc.components as { messages: Record<string, { name: string }> }).messages;
  for (const [type, { topic }] of Object.entries(EVENT_TYPES)) {
    const channel = Object.values(channels).find((c) => c.address === topic)!;
    const names = Object.values(channel.messages).map(
      (ref) => resolve(doc, (ref as { $ref: string }).$ref) as { name: string },
    );
    expect(names.map((m) => m.name)).toContain(type);
  }
  expect(
    Object.values(channels)
      .map((c) => c.address)
      .sort(),
  ).toEqual([...Object.values(TOPICS), 'dead-letter.v1'].sort());
  expect(Object.keys(messages)).toHaveLength(Object.keys(EVENT_TYPES).length + 1);
  for (const ref of refsIn(doc)) expect(() => resolve(doc, ref)).not.toThrow();
});

function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [value] : refsIn(value),
  );
}

function resolve(doc: Doc, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => {
      const next = (node as Doc | undefined)?.[part];
      if (next === undefined) throw new Error(`${ref} does not resolve`);
      return next;
    }, doc);
}
