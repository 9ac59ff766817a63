import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';

export function createOpenApiRegistry(): OpenAPIRegistry {
  const openApi = new OpenAPIRegistry();
  openApi.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  return openApi;
}

export function openApiDocument(openApi: OpenAPIRegistry) {
  const document = new OpenApiGeneratorV31(openApi.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Diguan API',
      version: '0.1.0',
      description:
        'Credit for science-and-technology SMEs: the dedicated credit-approval track. ' +
        'Errors share one shape: { error: { code, message, requestId, details? } }. ' +
        'State-changing POSTs accept an Idempotency-Key header.',
    },
  });
  stateImplicitBounds(document);
  return document;
}

/**
 * Bounds zod enforces that the generator leaves out: integers are safe integers (±2^53 − 1),
 * and a tuple has exactly its items. Stated on every schema that names no tighter bound, so a
 * client never sends what the API must refuse.
 */
function stateImplicitBounds(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(stateImplicitBounds);
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  if (schema.type === 'integer') {
    schema.minimum ??= -Number.MAX_SAFE_INTEGER;
    schema.maximum ??= Number.MAX_SAFE_INTEGER;
  }
  if (Array.isArray(schema.prefixItems) && schema.items === undefined) {
    schema.minItems ??= schema.prefixItems.length;
    schema.maxItems ??= schema.prefixItems.length;
  }
  Object.values(schema).forEach(stateImplicitBounds);
}
