import { z } from 'zod';

/**
 * Text every part of the system can store and read back: no NUL (PostgreSQL's text types refuse it) and
 * no unpaired UTF-16 surrogate (it has no UTF-8 form; PostgreSQL refuses it too). The NUL rule is a
 * regular expression, so the OpenAPI document says it as the field's `pattern`; an unpaired surrogate is
 * not a Unicode character at all, so no JSON Schema string describes one, and it is refused as well.
 */
export const NO_NUL = /^[^\u0000]*$/;
export const STORABLE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isStorableText = (value: string) => NO_NUL.test(value) && !UNPAIRED_SURROGATE.test(value);

/** A string that is storable text; chain the field's own limits after it. */
export const text = () =>
  z
    .string()
    .regex(NO_NUL, STORABLE_TEXT_MESSAGE)
    .refine((value) => !UNPAIRED_SURROGATE.test(value), STORABLE_TEXT_MESSAGE);

/**
 * What JavaScript's `trim()` removes, spelled out rather than written `\s`: other regular-expression
 * engines (the OpenAPI document's readers) give `\s` other meanings.
 */
const WHITESPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
/** Holds something besides whitespace: what is left after trimming is not empty. */
export const NOT_BLANK = new RegExp(`[^${WHITESPACE}]`);
