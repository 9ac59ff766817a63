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
]);

interface TextRef {
  textId: string;
  sha256: string;
}

const isTextRef = (value: unknown): value is TextRef =>
  typeof value === 'object' && value !== null && 'textId' in value && 'sha256' in value;

/** The event's data with every free text replaced by its reference, and the texts to store. */
function separateFreeText(data: Prisma.InputJsonValue, dedupeKey: string) {
  const texts: { id: string; sha256: string; text: string }[] = [];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { data, texts };
  const refer = (text: string, place: string): TextRef => {
    const ref = {
      textId: stableUuid(`${dedupeKey}:${place}`),
      sha256: createHash('sha256').update(text).digest('hex'),
    };
    texts.push({ id: ref.textId, sha256: ref.sha256, text });
    return ref;
  };
  const separated = Object.fromEntries(
    Object.entries(data).map(([field, value]) => {
      if (!freeTextFields.has(field)) return [field, value];
      if (typeof value === 'string') return [field, refer(value, field)];
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        return [field, value.map((v, i) => refer(v as string, `${field}.${i}`))];
      }
      return [field, value];
    }),
  );
  return { data: separated as Prisma.InputJsonValue, texts };
}

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
 * Events' data as people read them: each text reference replaced by the text, passed through
 * `show` (a mask), or by "[erased]" once retention or erasure removed it.
 */
export async function withTexts<E extends { data: Prisma.JsonValue }>(
  tx: Prisma.TransactionClient | Db,
  events: E[],
  show: (text: string) => string,
): Promise<E[]> {
  const values = events.flatMap((e): unknown[] =>
    typeof e.data === 'object' && e.data !== null && !Array.isArray(e.data)
      ? Object.values(e.data).flat()
      : [],
  );
  const refs = values.filter(isTextRef);
  if (refs.length === 0) return events;
  const rows = await tx.auditText.findMany({ where: { id: { in: refs.map((r) => r.textId) } } });
  const texts = new Map(rows.map((r) => [r.id, show(r.text)]));
  const read = (value: unknown): unknown =>
    isTextRef(value)
      ? (texts.get(value.textId) ?? '[erased]')
      : Array.isArray(value)
        ? value.map(read)
        : value;
  return events.map((e) =>
    typeof e.data === 'object' && e.data !== null && !Array.isArray(e.data)
      ? {
          ...e,
          data: Object.fromEntries(Object.entries(e.data).map(([k, v]) => [k, read(v)])),
        }
      : e,
  );
}
