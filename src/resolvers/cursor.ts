// Connection cursors: opaque text carrying a row's sort key values, bound to a table and an
// order, signed with HMAC-SHA256 so that a forged, truncated or foreign cursor is refused
// before anything reaches SQL. Owns the text format only; which values are kept is keyset.ts.

import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ServiceError } from '../errors/serviceError.js';
import { SQL_NULL, isSqlType, makeSqlValue, type SqlValue } from '../util/sqlValue.js';

/** What a cursor is bound to: `keyspace.table` and the canonical sort key text (keyset.ts describeSortKeys). */
export interface CursorScope {
  readonly table: string;
  readonly order: string;
}

const VERSION = 1;
/** Cursors longer than this are refused unread (a real one holds a few sort keys). */
const MAX_CURSOR_LENGTH = 64 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

type EncodedValue = null | [string, string];

interface Payload {
  readonly v: number;
  readonly t: string;
  readonly o: string;
  readonly k: readonly EncodedValue[];
}

function sign(secret: Uint8Array, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

function invalid(message: string, scope: CursorScope): ServiceError {
  return new ServiceError('SG1003', `invalid cursor: ${message}`, { details: { table: scope.table } });
}

/**
 * Encodes a cursor: `base64url(JSON {v, t: table, o: order, k: values}) "." base64url(HMAC)`.
 * Values keep their type and bytes (NULL as null), so they come back exactly. Deterministic.
 */
export function encodeCursor(secret: Uint8Array, scope: CursorScope, values: readonly SqlValue[]): string {
  const payload: Payload = {
    v: VERSION,
    t: scope.table,
    o: scope.order,
    k: values.map((v) => (v.type === 'NULL' ? null : [v.type, Buffer.from(v.raw).toString('base64url')])),
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(secret, body).toString('base64url')}`;
}

function isPayload(p: unknown): p is Payload {
  if (typeof p !== 'object' || p === null) return false;
  const o = p as Record<string, unknown>;
  return o.v === VERSION && typeof o.t === 'string' && typeof o.o === 'string' && Array.isArray(o.k);
}

function decodeValue(v: unknown, scope: CursorScope): SqlValue {
  if (v === null) return SQL_NULL;
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || !isSqlType(v[0]) || v[0] === 'NULL' || typeof v[1] !== 'string') {
    throw invalid('malformed value', scope);
  }
  return makeSqlValue(v[0], new Uint8Array(Buffer.from(v[1], 'base64url')));
}

/**
 * Decodes a cursor made by encodeCursor with the same secret for the same scope and returns its
 * `count` values. Contract: the signature is checked (constant time) before the payload is
 * read. Errors, all ServiceError SG1003 (INVALID_ARGUMENT) with a message saying which:
 * not cursor text or too long, a signature that does not match (forged, truncated, or made with
 * another secret), a cursor of another table, one made for another order_by, or a wrong
 * number of values.
 */
export function decodeCursor(secret: Uint8Array, scope: CursorScope, cursor: unknown, count: number): SqlValue[] {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH) throw invalid('not a cursor of this API', scope);
  const dot = cursor.indexOf('.');
  const body = cursor.slice(0, dot);
  const mac = cursor.slice(dot + 1);
  if (dot < 0 || !BASE64URL.test(body) || !BASE64URL.test(mac)) throw invalid('not a cursor of this API', scope);
  const expected = sign(secret, body);
  const given = Buffer.from(mac, 'base64url');
  // The signature's text must be canonical too: its last character carries spare bits.
  if (given.length !== expected.length || given.toString('base64url') !== mac || !timingSafeEqual(given, expected)) {
    throw invalid('signature does not match (the cursor was altered, truncated, or made by another server)', scope);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    payload = undefined;
  }
  if (!isPayload(payload)) throw invalid('malformed payload', scope);
  if (payload.t !== scope.table) throw invalid(`it belongs to ${payload.t}, not ${scope.table}`, scope);
  if (payload.o !== scope.order) throw invalid(`it was made for order (${payload.o}), but this query orders by (${scope.order})`, scope);
  if (payload.k.length !== count) throw invalid(`it holds ${payload.k.length} values, expected ${count}`, scope);
  return payload.k.map((v) => decodeValue(v, scope));
}
