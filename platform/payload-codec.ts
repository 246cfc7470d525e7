import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PayloadKey {
  id: string;
  /** 32 bytes: AES-256-GCM. */
  key: Buffer;
}

/** The local stack's key, published: used only with NODE_ENV development or test (see requirePayloadKeys). */
export const DEV_PAYLOAD_KEY: PayloadKey = {
  id: 'dev',
  key: createHash('sha256').update('order-saga development payload key; never use in production').digest(),
};

/**
 * `PAYLOAD_ENCRYPTION_KEYS`: comma-separated `id:base64-key` pairs of 32-byte keys. The first encrypts;
 * every one decrypts, so a new key is rolled out by putting it first and the old one stays behind it
 * until no history that needs it is left.
 */
export function parsePayloadKeys(text: string): PayloadKey[] {
  const keys = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = /^([A-Za-z0-9._-]{1,64}):([A-Za-z0-9+/=_-]+)$/.exec(entry);
      if (!match) throw new Error(`"${entry.slice(0, 12)}…" is not id:base64-key`);
      const key = Buffer.from(match[2]!, 'base64');
      if (key.length !== 32)
        throw new Error(
          `key "${match[1]}" is ${key.length} bytes; AES-256 needs 32 (openssl rand -base64 32)`,
        );
      return { id: match[1]!, key };
    });
  if (keys.length === 0) throw new Error('no keys given');
  const ids = keys.map((k) => k.id);
  if (new Set(ids).size !== ids.length) throw new Error('each key id may appear once');
  return keys;
}

export interface CodecOptions {
  /**
   * Let payloads without encryption through as they are: for replaying histories written before
   * encryption (the committed ones in test/histories, older executions). Workers and clients refuse them.
   */
  acceptPlain?: boolean;
}

/**
 * Encrypts every payload Temporal stores (workflow input, update arguments, activity inputs and results,
 * local activity markers) with AES-256-GCM, so card tokens and addresses are unreadable in the history
 * and the Web UI without a key. A payload that arrives unencrypted (a signal or update sent around the
 * API, say with the CLI) is refused: whoever can write to Temporal must not be able to feed the saga.
 * Headers and search attributes never pass through codecs (the SDK skips them).
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  constructor(
    private readonly keys: PayloadKey[],
    private readonly options: CodecOptions = {},
  ) {
    if (keys.length === 0) throw new Error('EncryptionCodec needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0]!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          encoding: Buffer.from(ENCRYPTED_ENCODING),
          [KEY_ID_METADATA]: Buffer.from(id),
        },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = Buffer.from(payload.metadata?.encoding ?? []).toString();
      if (encoding !== ENCRYPTED_ENCODING) {
        if (this.options.acceptPlain) return payload;
        throw new Error(
          `a payload arrived unencrypted (encoding "${encoding}"); workflow payloads must be encrypted with PAYLOAD_ENCRYPTION_KEYS`,
        );
      }
      const id = Buffer.from(payload.metadata?.[KEY_ID_METADATA] ?? []).toString();
      const key = this.byId.get(id);
      if (!key)
        throw new Error(`payload encrypted with key "${id}", which is not among PAYLOAD_ENCRYPTION_KEYS`);
      const sealed = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

/** The data converter every worker, client and replayer of the order saga uses. */
export const encryptingDataConverter = (keys: PayloadKey[], options: CodecOptions = {}): DataConverter => ({
  payloadCodecs: [new EncryptionCodec(keys, options)],
});
