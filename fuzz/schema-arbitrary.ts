import fc, { type Arbitrary } from 'fast-check';

/** The part of JSON Schema (as the OpenAPI document writes it) that request bodies and parameters use. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
}

export interface SchemaHints {
  /** Ids worth trying where a uuid goes (existing products and orders), beside random ones. */
  uuids: string[];
  /** Arrays are kept this short: enough to exercise them, cheap to send. */
  maxArrayItems?: number;
}

/** Values valid under `schema`: what a well-behaved client generated from the document would send. */
export function valueOf(schema: JsonSchema, hints: SchemaHints): Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const record = Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, valueOf(property, hints)]),
      );
      return fc.record(record, { requiredKeys: schema.required ?? [] });
    }
    case 'array':
      return fc.array(valueOf(schema.items ?? {}, hints), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 10, hints.maxArrayItems ?? 3),
      });
    case 'integer':
      return fc.integer({
        min: schema.minimum ?? Number.MIN_SAFE_INTEGER,
        max: schema.maximum ?? Number.MAX_SAFE_INTEGER,
      });
    case 'boolean':
      return fc.boolean();
    case 'string':
      return stringOf(schema, hints);
    default:
      return fc.jsonValue();
  }
}

function stringOf(schema: JsonSchema, hints: SchemaHints): Arbitrary<string> {
  if (schema.format === 'uuid')
    return hints.uuids.length > 0 ? fc.oneof(fc.constantFrom(...hints.uuids), fc.uuid()) : fc.uuid();
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 40;
  if (schema.pattern)
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= minLength && s.length <= maxLength);
  return fc.string({ minLength, maxLength: Math.min(maxLength, 60), unit: 'grapheme' });
}
