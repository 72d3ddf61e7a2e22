// Reads protobuf-JSON-shaped values (the way protojson decodes Vitess vschema.proto messages):
// field names in snake_case or lowerCamelCase, null meaning "not set", typed scalars.
// Owns only the decoding rules and their problem messages; what the fields mean is
// parseKeyspace.ts's business.

import { jsonPath, type Problem } from '../errors/problems.js';

/** One present (non-null) field of a decoded message: its value and its JSON path as written. */
export interface FieldValue {
  readonly value: unknown;
  readonly path: string;
}

/** The present fields of one JSON object, keyed by proto field name. */
export type MessageFields = ReadonlyMap<string, FieldValue>;

/**
 * Where readMessage reports unknown fields. Vitess drops them (json2.UnmarshalPB sets
 * protojson DiscardUnknown), so by default they are warnings; `strict` makes them problems.
 */
export interface UnknownFieldPolicy {
  readonly strict: boolean;
  /** The list unknown fields go to: the warnings, or the problems when strict. */
  readonly reports: Problem[];
}

/** The policy for `strict`: unknown fields go to `problems` when strict, else to `warnings`. */
export function unknownFieldPolicy(strict: boolean, problems: Problem[], warnings: Problem[]): UnknownFieldPolicy {
  return { strict, reports: strict ? problems : warnings };
}

/** The lowerCamelCase JSON name protoc derives from a snake_case field name. */
export function protoJsonName(protoName: string): string {
  return protoName.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** True for a non-null, non-array JSON object. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short JSON rendering of `value` for messages (at most 60 characters). */
export function previewJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The protojson message for a field whose JSON value has the wrong type. */
export function invalidValue(kind: string, field: string, value: unknown): string {
  return `invalid value for ${kind} field ${field}: ${previewJson(value)}`;
}

/**
 * Reads the fields of a message object. Mirrors protojson unmarshalling (json2.UnmarshalPB):
 * each field may be spelled with its proto name or its JSON name; a null field is not set;
 * an unknown field is skipped (DiscardUnknown).
 * Contract: appends a problem for a non-object (`what` names the message) and for a field
 * given twice under both spellings (`duplicate field "x"`, as protojson); reports each
 * unknown field at its path to `unknown.reports` (`unknown field "x" (ignored, as Vitess
 * does)`, or a problem when strict). Returns undefined only when `value` is not an object.
 * The map keeps the object's key order.
 */
export function readMessage(
  value: unknown,
  path: string,
  what: string,
  fieldNames: readonly string[],
  problems: Problem[],
  unknown: UnknownFieldPolicy,
): MessageFields | undefined {
  if (!isJsonObject(value)) {
    problems.push({ path, message: `expected a JSON object for ${what}, got ${previewJson(value)}` });
    return undefined;
  }
  const byJsonKey = new Map<string, string>();
  for (const name of fieldNames) {
    byJsonKey.set(name, name);
    byJsonKey.set(protoJsonName(name), name);
  }
  const fields = new Map<string, FieldValue>();
  const seen = new Set<string>();
  for (const [key, fieldValue] of Object.entries(value)) {
    const keyPath = jsonPath(path, key);
    const name = byJsonKey.get(key);
    if (name === undefined) {
      const why = unknown.strict ? 'rejected in strict mode; Vitess ignores it' : 'ignored, as Vitess does';
      unknown.reports.push({ path: keyPath, message: `unknown field ${JSON.stringify(key)} (${why})` });
      continue;
    }
    // As protojson, a null field is skipped before the duplicate check.
    if (fieldValue === null) continue;
    if (seen.has(name)) {
      problems.push({ path: keyPath, message: `duplicate field ${JSON.stringify(key)}` });
      continue;
    }
    seen.add(name);
    fields.set(name, { value: fieldValue, path: keyPath });
  }
  return fields;
}

/** Reads a string field; absent is `''` (proto3 default). A non-string is a problem and reads as `''`. */
export function readString(field: FieldValue | undefined, name: string, problems: Problem[]): string {
  if (field === undefined) return '';
  if (typeof field.value === 'string') return field.value;
  problems.push({ path: field.path, message: invalidValue('string', name, field.value) });
  return '';
}

/** Reads a bool field; absent is false. Only JSON true/false are accepted, as protojson. */
export function readBool(field: FieldValue | undefined, name: string, problems: Problem[]): boolean {
  if (field === undefined) return false;
  if (typeof field.value === 'boolean') return field.value;
  problems.push({ path: field.path, message: invalidValue('bool', name, field.value) });
  return false;
}

/**
 * Reads an int32 field: a JSON integer or a string holding one, as protojson accepts.
 * Contract: absent, non-integral or out-of-range values return undefined; the latter two
 * append a problem.
 */
export function readInt32(field: FieldValue | undefined, name: string, problems: Problem[]): number | undefined {
  if (field === undefined) return undefined;
  const raw = field.value;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31) return n;
  problems.push({ path: field.path, message: invalidValue('int32', name, raw) });
  return undefined;
}

/**
 * Reads an enum field given by name or number, as protojson does.
 * Contract: returns the value's name, or undefined when absent or unknown (unknown appends
 * a problem; shardgate also rejects numbers outside the enum, which protojson would keep).
 */
export function readEnum(
  field: FieldValue | undefined,
  name: string,
  values: ReadonlyMap<string, number>,
  problems: Problem[],
): string | undefined {
  if (field === undefined) return undefined;
  const raw = field.value;
  if (typeof raw === 'string' && values.has(raw)) return raw;
  if (typeof raw === 'number') {
    for (const [valueName, num] of values) if (num === raw) return valueName;
  }
  problems.push({ path: field.path, message: invalidValue('enum', name, raw) });
  return undefined;
}

/**
 * Reads a repeated field: calls `readItem` for each element with its path.
 * Contract: a non-array is a problem and reads as []; a null element is a problem and skipped.
 */
export function readRepeated<T>(
  field: FieldValue | undefined,
  name: string,
  problems: Problem[],
  readItem: (value: unknown, path: string) => T,
): T[] {
  if (field === undefined) return [];
  if (!Array.isArray(field.value)) {
    problems.push({ path: field.path, message: invalidValue('repeated', name, field.value) });
    return [];
  }
  const out: T[] = [];
  field.value.forEach((item: unknown, i) => {
    const itemPath = jsonPath(field.path, i);
    if (item === null) problems.push({ path: itemPath, message: `invalid value null in repeated field ${name}` });
    else out.push(readItem(item, itemPath));
  });
  return out;
}

/** Reads a repeated string field (see {@link readRepeated}); non-string elements are problems and skipped. */
export function readStringList(field: FieldValue | undefined, name: string, problems: Problem[]): string[] {
  const out: string[] = [];
  readRepeated(field, name, problems, (item, path) => {
    if (typeof item === 'string') out.push(item);
    else problems.push({ path, message: invalidValue('string', name, item) });
  });
  return out;
}

/**
 * Reads a map field: calls `readEntry` for each key in object order.
 * Contract: a non-object is a problem and reads as empty; a null value is a problem and skipped.
 */
export function readMap<T>(
  field: FieldValue | undefined,
  name: string,
  problems: Problem[],
  readEntry: (key: string, value: unknown, path: string) => T,
): T[] {
  if (field === undefined) return [];
  if (!isJsonObject(field.value)) {
    problems.push({ path: field.path, message: invalidValue('map', name, field.value) });
    return [];
  }
  const out: T[] = [];
  for (const [key, value] of Object.entries(field.value)) {
    const entryPath = jsonPath(field.path, key);
    if (value === null) problems.push({ path: entryPath, message: `invalid value null in map field ${name}` });
    else out.push(readEntry(key, value, entryPath));
  }
  return out;
}

/** Reads a map<string, string> field (see {@link readMap}); non-string values are problems and skipped. */
export function readStringMap(field: FieldValue | undefined, name: string, problems: Problem[]): [string, string][] {
  const out: [string, string][] = [];
  readMap(field, name, problems, (key, value, path) => {
    if (typeof value === 'string') out.push([key, value]);
    else problems.push({ path, message: invalidValue('string', `${name}[${JSON.stringify(key)}]`, value) });
  });
  return out;
}
