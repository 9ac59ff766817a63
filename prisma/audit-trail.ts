// The append-only trail (a trigger refuses UPDATE and DELETE, and chains each event by hash),
// written from the API and the activities alike. The dedupe key makes a retried write record its
// event once. What people typed (reasons, questions, answers, notes, file names) never enters it:
// the event holds each text's id and SHA-256, the text itself lives in AuditText, where retention
// and erasure can reach it, and the hash still proves what was said.
import { createHash } from 'node:crypto';
import type { Role } from '../domain/roles.ts';
import type { Db, Prisma } from './client.ts';
import { stableUuid } from './stable-uuid.ts';

export interface AuditEventInput {
  entityType: string;
  entityId: string;
  action: string;
  actorId?: string;
  actorRole?: Role;
  /** When it happened, if not now: a person's act is dated when the workflow accepted it. */
  at?: Date;
  data: Prisma.InputJsonValue;
  dedupeKey: string;
}

/** The fields of an event's data that hold what a person wrote. */
const freeTextFields = new Set([
  'reason',
  'reasons',
  'questions',
  'answers',
  'note',
  'evidence',
  'conditions',
  'purpose',
  'fileName',
  'report',
]);

interface TextRef {
  textId: string;
  sha256: string;
}

const isTextRef = (value: unknown): value is TextRef =>
  typeof value === 'object' && value !== null && 'textId' in value && 'sha256' in value;

/**
 * The event's data with every free text, at any depth, replaced by its reference; and the
 * texts to store. A reference's id comes from the event's dedupe key and the text's place, so
 * a retried write names the same rows.
 */
function separateFreeText(data: Prisma.InputJsonValue, dedupeKey: string) {
  const texts: { id: string; sha256: string; text: string }[] = [];
  const refer = (text: string, place: string): TextRef => {
    const ref = { textId: stableUuid(`${dedupeKey}:${place}`), sha256: sha256Of(text) };
    texts.push({ id: ref.textId, sha256: ref.sha256, text });
    return ref;
  };
  const walk = (value: unknown, place: string, freeText: boolean): unknown => {
    if (freeText && typeof value === 'string') return refer(value, place);
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${place}.${i}`, freeText));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, walk(v, `${place}.${k}`, freeTextFields.has(k))]),
      );
    }
    return value;
  };
  return { data: walk(data, '', false) as Prisma.InputJsonValue, texts };
}

const sha256Of = (text: string) => createHash('sha256').update(text).digest('hex');

/** True when the event was recorded, false when its dedupe key was already in the trail. */
export async function recordAuditEvent(
  tx: Prisma.TransactionClient | Db,
  event: AuditEventInput,
): Promise<boolean> {
  const { data, texts } = separateFreeText(event.data, event.dedupeKey);
  if (texts.length > 0) {
    await tx.auditText.createMany({
      data: texts,
      skipDuplicates: true,
    });
  }
  const { count } = await tx.auditEvent.createMany({
    data: [{ ...event, data }],
    skipDuplicates: true,
  });
  return count === 1;
}

/**
 * Events' data as people read them: each text reference, at any depth, replaced by the text
 * passed through `show` (a mask); by "[erased]" once retention or erasure removed it; by
 * "[altered]" when the stored text no longer has the hash the chained event holds.
 */
export async function withTexts<E extends { data: Prisma.JsonValue }>(
  tx: Prisma.TransactionClient | Db,
  events: E[],
  show: (text: string) => string,
): Promise<E[]> {
  const refs: TextRef[] = [];
  const collect = (value: unknown): void => {
    if (isTextRef(value)) refs.push(value);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
  };
  events.forEach((e) => collect(e.data));
  if (refs.length === 0) return events;
  const rows = await tx.auditText.findMany({ where: { id: { in: refs.map((r) => r.textId) } } });
  const texts = new Map(rows.map((r) => [r.id, r.text]));
  const read = (value: unknown): unknown => {
    if (isTextRef(value)) {
      const text = texts.get(value.textId);
      if (text === undefined) return '[erased]';
      return sha256Of(text) === value.sha256 ? show(text) : '[altered]';
    }
    if (Array.isArray(value)) return value.map(read);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, read(v)]));
    }
    return value;
  };
  return events.map((e) => ({ ...e, data: read(e.data) as Prisma.JsonValue }));
}
