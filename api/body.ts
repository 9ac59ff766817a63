// Request bodies are bounded before anything walks them: by size while they stream in, and by
// nesting depth in the raw bytes before JSON.parse builds the object a stack-deep walk (the
// request hash, the validators) would overflow on.
import express, { type RequestHandler } from 'express';
import { z } from 'zod';

/** What every JSON endpoint accepts, unless its route needs more (a document upload). */
export const DEFAULT_BODY_BYTES = 64 * 1024;
/** Deeper than any request this API defines (the deepest nests four levels). */
export const MAX_BODY_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether the JSON text nests objects and arrays deeper than `max`, reading it once. */
export function nestsDeeperThan(json: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const byte = json[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
  }
  return false;
}

/**
 * The body a route needs to carry `characters` of text: a client may send each as a six-byte
 * JSON escape (\uXXXX), and the rest of the body is a few short fields.
 */
export const bodyBytesForText = (characters: number) => characters * 6 + 4096;

/** A JSON body parser for one route: at most `maxBytes` (413 beyond), at most MAX_BODY_DEPTH deep (400). */
export function jsonBody(maxBytes = DEFAULT_BODY_BYTES): RequestHandler {
  return express.json({
    limit: maxBytes,
    verify: (_req, _res, raw) => {
      if (nestsDeeperThan(raw, MAX_BODY_DEPTH)) {
        throw Object.assign(new Error('body nests too deep'), { type: 'entity.too.deep' });
      }
    },
  });
}

/** Base64 (RFC 4648, padded) stated as a pattern, so schema tools generate what the API decodes. */
export const base64Bytes = () =>
  z
    .string()
    .regex(
      /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
      'expected base64 (A-Z a-z 0-9 + /, padded with =)',
    );

/** A file's content in base64, not empty. */
export const base64Text = () => base64Bytes().min(4, 'the content is empty');
