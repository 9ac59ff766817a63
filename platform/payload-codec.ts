// What the platform hands Temporal is encrypted (AES-256-GCM) before it leaves the process:
// workflow inputs, signals, updates and results carry firms' figures and people's words, and
// Temporal's history keeps them. The key comes from configuration; its id travels with each
// payload so a rotated key still reads older histories. Payloads written before encryption was
// turned on pass through unchanged.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
// A CommonJS package: Node's ESM loader sees only its default export.
import proto from '@temporalio/proto';

const ENCRYPTED = 'binary/encrypted';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ProtoPayload = proto.temporal.api.common.v1.Payload;
const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A key's public name: the first 16 hex digits of its SHA-256. */
const keyIdOf = (key: Uint8Array) => createHash('sha256').update(key).digest('hex').slice(0, 16);

export class EncryptionCodec implements PayloadCodec {
  private readonly keys: Map<string, Buffer>;
  private readonly current: string;

  /** `key` encrypts; `older` keys only decrypt, for histories written before a rotation. */
  constructor(key: Uint8Array, older: readonly Uint8Array[] = []) {
    for (const k of [key, ...older]) {
      if (k.length !== 32) throw new Error('a payload key is 32 bytes (AES-256)');
    }
    this.current = keyIdOf(key);
    this.keys = new Map([key, ...older].map((k) => [keyIdOf(k), Buffer.from(k)]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.current)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = ProtoPayload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: encode(ENCRYPTED), 'encryption-key-id': encode(this.current) },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding;
      if (!encoding || decode(encoding) !== ENCRYPTED) return payload;
      const keyId = decode(payload.metadata!['encryption-key-id'] ?? new Uint8Array());
      const key = this.keys.get(keyId);
      if (!key) throw new Error(`no payload key with id ${keyId}`);
      const sealed = Buffer.from(payload.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return ProtoPayload.decode(plain) as Payload;
    });
  }
}
