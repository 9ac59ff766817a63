// The headers a browser needs to keep the API's answers where they belong: no sniffing, no
// framing, no referrer, a content policy that runs nothing (the interactive docs may run their
// own scripts), and no caching of answers that carry personal data.
import type { RequestHandler } from 'express';
import helmet from 'helmet';

const common = {
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  xContentTypeOptions: true,
} as const;

/** Every response: JSON and PDFs need no scripts, styles or frames. */
export const securityHeaders: RequestHandler = helmet({
  ...common,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
});

/** The interactive docs: their own scripts and styles (swagger-ui inlines some CSS), nothing else. */
export const docsContentPolicy: RequestHandler = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
  },
});

/** Answers of the API name people, firms and amounts: no cache may keep them. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
