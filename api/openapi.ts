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
  return new OpenApiGeneratorV31(openApi.definitions).generateDocument({
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
}
