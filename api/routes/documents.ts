// The file of an application: the applicant supplies the documents its pinned checklist asks for,
// applicant and bank read what is there and what is still missing. Each upload tells the
// workflow, which decides whether the file is now complete.
import { createHash, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { base64Text } from '../body.ts';
import { plainFileName } from '../text.ts';
import { acceptedIds, findChecklist } from '../../domain/credit/document-checklist.ts';
import { documentChecklists } from '../../domain/credit/document-checklist.data.ts';
import { loanProducts } from '../../domain/credit/products.ts';
import type { Db } from '../../prisma/client.ts';
import { recordCreditEvent } from '../../prisma/lifecycles.ts';
import { visibleApplication } from '../access.ts';
import { AppError, notFound } from '../errors.ts';
import { deliverDocuments } from '../use-cases/reconcile-filings.ts';
import { handedOver } from '../workflow-errors.ts';
import { openOwnApplication } from './applicant-actions.ts';
import { stableUuid } from '../../prisma/stable-uuid.ts';
import type { RouteTable } from './define.ts';

const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

/** The first bytes each accepted format starts with, so a file is what it says it is. */
const signatures = {
  'application/pdf': Buffer.from('%PDF-', 'latin1'),
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
} as const;
const mediaTypes = Object.keys(signatures) as (keyof typeof signatures)[];

const upload = z.object({
  type: z
    .string()
    .min(1)
    .max(64)
    .meta({ description: 'A document id the checklist accepts', example: 'business-licence' }),
  fileName: plainFileName(255),
  mediaType: z.enum(mediaTypes),
  contentBase64: base64Text().meta({
    description: `The file, base64-encoded; at most ${MAX_DOCUMENT_BYTES} bytes once decoded`,
  }),
});

const documentView = z.object({
  id: z.uuid(),
  type: z.string(),
  fileName: z.string(),
  mediaType: z.enum(mediaTypes),
  sha256: z.string().meta({ description: 'SHA-256 of the bytes received, in hex' }),
  sizeBytes: z.int(),
  uploadedAt: z.iso.datetime(),
});

// Named `item` and `type`, not `id`: neither is a document's id, and a client (or a fuzzer
// following links) must not take one for it.
const documentType = z.object({ type: z.string(), zh: z.string(), en: z.string() });
const checklistView = z.object({
  version: z.string(),
  items: z.array(
    z.object({
      item: z.string().meta({ description: 'The checklist item', example: 'tech-status' }),
      zh: z.string(),
      en: z.string(),
      accepts: z.array(documentType).meta({ description: 'Document types that meet the item' }),
      satisfied: z.boolean(),
      documents: z.array(documentView),
    }),
  ),
  complete: z.boolean(),
});

const caseParams = z.object({ id: z.uuid() });

type DocumentRow = Awaited<ReturnType<Db['document']['findUniqueOrThrow']>>;
const viewOf = (d: Omit<DocumentRow, 'content'>): z.infer<typeof documentView> => ({
  id: d.id,
  type: d.type,
  fileName: d.fileName,
  mediaType: d.mediaType as z.infer<typeof documentView>['mediaType'],
  sha256: d.sha256,
  sizeBytes: d.sizeBytes,
  uploadedAt: d.uploadedAt.toISOString(),
});

/** The checklist the application pinned at filing, and the items its product needs. */
function pinnedChecklist(application: {
  product: string;
  policyVersions: unknown;
  bank: { code: string };
}) {
  const pinned = z.object({ documents: z.string() }).safeParse(application.policyVersions);
  const product = loanProducts.find((p) => p === application.product);
  if (!pinned.success || !product) {
    throw new AppError('invalid_state', 'this case has no document checklist');
  }
  const checklist = findChecklist(documentChecklists, application.bank.code, pinned.data.documents);
  return {
    version: checklist.version,
    items: checklist.items.filter((item) => item.products.includes(product)),
  };
}

/** A file name as an RFC 5987 value: any character outside its attr-chars percent-encoded. */
const rfc5987 = (name: string) =>
  encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

function decodeDocument(body: z.infer<typeof upload>): Buffer {
  const content = Buffer.from(body.contentBase64, 'base64');
  if (content.length > MAX_DOCUMENT_BYTES) {
    throw new AppError(
      'business_rule',
      `a document may be at most ${MAX_DOCUMENT_BYTES} bytes; this one has ${content.length}`,
    );
  }
  if (!content.subarray(0, signatures[body.mediaType].length).equals(signatures[body.mediaType])) {
    throw new AppError('unprocessable', 'the content breaks a rule', [
      { field: 'body.contentBase64', message: `the content is not ${body.mediaType}` },
    ]);
  }
  return content;
}

export function documentRoutes(routes: RouteTable, db: Db, temporal: Client) {
  routes.add({
    method: 'post',
    path: '/v1/applications/:id/documents',
    tag: 'Documents',
    summary: 'Supply a document of the checklist (PDF, JPEG or PNG, at most 2 MB)',
    roles: ['APPLICANT'],
    // Base64 carries 3 bytes in 4 characters; the rest of the body is a few short fields.
    maxBodyBytes: Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4 + 4096,
    params: caseParams,
    body: upload,
    responses: {
      201: { description: 'Received', schema: documentView },
      202: {
        description:
          'Received and kept; the workflow service did not answer, and the case hears of it as soon as it is back',
        schema: documentView,
      },
      404: { description: 'No case of your firms with this id' },
      409: { description: 'The case is closed' },
      422: { description: 'A type the checklist does not ask for, or a file too large' },
    },
    handler: async ({ principal, params, body, actId }) => {
      const application = await openOwnApplication(db, principal, params.id);
      const checklist = pinnedChecklist(application);
      if (!checklist.items.some((item) => acceptedIds(item).includes(body.type))) {
        throw new AppError(
          'business_rule',
          `the checklist ${checklist.version} asks for no document of type ${body.type}`,
        );
      }
      const content = decodeDocument(body);
      const id = actId ? stableUuid(`document:${actId}`) : randomUUID();
      const sha256 = createHash('sha256').update(content).digest('hex');
      const document = await db.$transaction(async (tx) => {
        await tx.document.createMany({
          data: [
            {
              id,
              applicationId: application.id,
              type: body.type,
              fileName: body.fileName,
              mediaType: body.mediaType,
              sizeBytes: content.length,
              sha256,
              content: new Uint8Array(content),
              uploadedById: principal.userId,
            },
          ],
          skipDuplicates: true,
        });
        await recordCreditEvent(tx, {
          subjectId: application.id,
          event: 'document_supplied',
          actor: { userId: principal.userId, role: 'APPLICANT' },
          at: new Date(),
          occurrence: id,
          data: {
            documentId: id,
            type: body.type,
            fileName: body.fileName,
            sha256,
            size: content.length,
          },
        });
        return tx.document.findUniqueOrThrow({ where: { id }, omit: { content: true } });
      });
      const delivered = await handedOver(() =>
        deliverDocuments({ db, temporal }, application, [id]),
      );
      return { status: delivered ? 201 : 202, body: viewOf(document) };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/applications/:id/documents',
    tag: 'Documents',
    summary:
      "The case's document checklist: what each item needs, what is supplied, what is missing",
    roles: 'any',
    params: caseParams,
    responses: {
      200: { description: 'The pinned checklist for the product', schema: checklistView },
      404: { description: 'No such case visible to you' },
    },
    handler: async ({ principal, params }) => {
      const application = await visibleApplication(db, principal, params.id);
      const checklist = pinnedChecklist(application);
      const supplied = await db.document.findMany({
        where: { applicationId: application.id },
        omit: { content: true },
        orderBy: [{ uploadedAt: 'asc' }, { id: 'asc' }],
      });
      const items = checklist.items.map((item) => {
        const accepted = acceptedIds(item);
        const documents = supplied.filter((d) => accepted.includes(d.type)).map(viewOf);
        return {
          item: item.id,
          zh: item.zh,
          en: item.en,
          accepts: (item.oneOf ?? [item]).map(({ id, zh, en }) => ({ type: id, zh, en })),
          satisfied: documents.length > 0,
          documents,
        };
      });
      return {
        status: 200,
        body: {
          version: checklist.version,
          items,
          complete: items.every((item) => item.satisfied),
        } satisfies z.infer<typeof checklistView>,
      };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/applications/:id/documents/:documentId',
    tag: 'Documents',
    summary: 'A supplied document, as received',
    roles: 'any',
    params: caseParams.extend({ documentId: z.uuid() }),
    responses: {
      200: {
        description: 'The bytes, with the media type they were supplied as',
        schema: z.string().meta({ format: 'binary' }),
        contentType: 'application/octet-stream',
      },
      404: { description: 'No such case or document visible to you' },
    },
    handler: async ({ principal, params }) => {
      const application = await visibleApplication(db, principal, params.id);
      const document = await db.document.findFirst({
        where: { id: params.documentId, applicationId: application.id },
      });
      if (!document) throw notFound('document');
      return {
        status: 200,
        body: Buffer.from(document.content),
        contentType: document.mediaType,
        headers: {
          'Content-Disposition': `attachment; filename*=UTF-8''${rfc5987(document.fileName)}`,
          'X-Content-Type-Options': 'nosniff',
        },
      };
    },
  });
}
