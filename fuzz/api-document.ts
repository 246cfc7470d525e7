import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './schema-arbitrary';

/** The OpenAPI document as the fuzzers read it. */
export interface ApiDocument {
  components: { schemas: Record<string, unknown> };
  paths: Record<string, Record<string, Operation>>;
}
export interface Operation {
  security?: unknown[];
  parameters?: Array<{
    name: string;
    in: 'path' | 'query' | 'header';
    required?: boolean;
    schema: JsonSchema;
  }>;
  requestBody?: { content: { 'application/json': { schema: { $ref: string } } } };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
export interface OperationRef {
  path: string;
  method: string;
  operation: Operation;
}

export const operationsOf = (doc: ApiDocument): OperationRef[] =>
  Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      path,
      method: method.toUpperCase(),
      operation,
    })),
  );

/** Resolves `#/components/schemas/Name`. */
export const schemaAt = (doc: ApiDocument, ref: string): JsonSchema =>
  doc.components.schemas[ref.split('/').pop()!] as JsonSchema;

/**
 * Checks an answer against what the document promises for the operation: the status is listed, an
 * error is problem+json, and a JSON body matches the listed schema.
 */
export function createResponseChecker(doc: ApiDocument) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ components: doc.components }, 'doc');
  const compiled = new Map<object, ValidateFunction>();
  const validatorFor = (schema: object) => {
    if (!compiled.has(schema))
      compiled.set(
        schema,
        ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components', '"doc#/components'))),
      );
    return compiled.get(schema)!;
  };

  return function check(
    { operation }: OperationRef,
    response: { status: number; contentType: string; text: string },
  ): string | undefined {
    const documented = operation.responses[String(response.status)];
    if (!documented)
      return `status ${response.status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`;
    const [mediaType, content] = Object.entries(documented.content ?? {})[0] ?? [];
    if (!mediaType || !content) return undefined;
    if (!response.contentType.startsWith(mediaType))
      return `content type ${response.contentType}, documented ${mediaType}`;
    // An event stream is checked by its content type; its events are tested where it is.
    if (!mediaType.includes('json')) return undefined;
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      return `the body is not JSON: ${response.text.slice(0, 80)}`;
    }
    const validate = validatorFor(content.schema);
    if (!validate(body)) return `the body does not match the document: ${ajv.errorsText(validate.errors)}`;
    return undefined;
  };
}
