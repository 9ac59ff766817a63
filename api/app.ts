// Builds the Express app without listening, so tests drive it in-process.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { calendarOutlook } from '../domain/calendar.ts';
import express from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import type { Registries } from '../domain/contracts/registries.ts';
import type { Db } from '../prisma/client.ts';
import { authenticate, staffRecords, type TokenVerifier } from './auth.ts';
import { AppError, errorHandler } from './errors.ts';
import { defaultRateLimits, rateLimiters, type RateLimits } from './rate-limits.ts';
import { docsContentPolicy, noStore, securityHeaders } from './security-headers.ts';
import { createOpenApiRegistry, openApiDocument } from './openapi.ts';
import { applicantActionRoutes } from './routes/applicant-actions.ts';
import { applicationRoutes } from './routes/applications.ts';
import { auditRoutes } from './routes/audit.ts';
import { codecCors, codecRoutes } from './routes/codec.ts';
import { assessmentPreviewRoutes } from './routes/assessments-preview.ts';
import { bankActionRoutes } from './routes/bank-actions.ts';
import { decisionRoutes } from './routes/decisions.ts';
import { disposalRoutes } from './routes/disposal.ts';
import { documentRoutes } from './routes/documents.ts';
import { RouteTable } from './routes/define.ts';
import { dossierRoutes } from './routes/dossier.ts';
import { enterpriseAssessmentRoutes } from './routes/enterprise-assessments.ts';
import { enterpriseRegistryRoutes } from './routes/enterprise-records.ts';
import { enterpriseRoutes } from './routes/enterprises.ts';
import { letterRoutes } from './routes/letters.ts';
import { loanRoutes } from './routes/loans.ts';
import { institutionRoutes } from './routes/institutions.ts';
import { pledgeRoutes } from './routes/pledges.ts';
import { sharingSchemeRoutes } from './routes/sharing-schemes.ts';
import { breakerRoutes } from './routes/breakers.ts';
import { claimRoutes } from './routes/claims.ts';
import { dashboardRoutes } from './routes/dashboards.ts';
import { frameworkAgreementRoutes } from './routes/framework-agreements.ts';
import { guaranteeRoutes } from './routes/guarantees.ts';
import { capTableRoutes } from './routes/cap-table.ts';
import { roundRoutes } from './routes/rounds.ts';
import { warrantRoutes } from './routes/warrants.ts';
import { subFundRoutes } from './routes/sub-funds.ts';
import { investmentRoutes } from './routes/investments.ts';
import { buybackRoutes } from './routes/buybacks.ts';
import { fundReportRoutes } from './routes/fund-reports.ts';
import { simulationRoutes } from './routes/simulations.ts';
import { whitelistRoutes } from './routes/whitelist.ts';
import { policyRoutes } from './routes/policies.ts';
import { taskRoutes } from './routes/tasks.ts';

export interface AppDeps {
  db: Db;
  temporal: Client;
  /** The registries a pledged right is checked against at filing. */
  registries: Registries;
  verifyToken: TokenVerifier;
  logger: Logger;
  /** Request budgets; tests that drive many cases from one address lift them. */
  rateLimits?: RateLimits;
  /** The proxies in front (Express's `trust proxy`), so limits see the client's address. */
  trustProxy?: number | string;
  /** The payload codec, served to the Temporal Web UI at its origin (none: no browser may call). */
  codec: { payloadCodec: PayloadCodec; uiOrigin?: string };
}

const requestIdPattern = /^[A-Za-z0-9._-]{8,64}$/;
/** A readiness probe answers within this, whatever a dependency does. */
const READINESS_DEADLINE_MS = 2_000;

export function buildApp({
  db,
  temporal,
  registries,
  verifyToken,
  logger,
  rateLimits = defaultRateLimits,
  trustProxy,
  codec,
}: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (trustProxy !== undefined) app.set('trust proxy', trustProxy);
  const limiters = rateLimiters(rateLimits);
  app.use(securityHeaders);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id =
          typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      redact: ['req.headers.authorization'],
    }),
  );
  app.use(limiters.perAddress);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (req, res) => {
    const probe = async (check: () => Promise<unknown>) => {
      try {
        await check();
        return 'ok';
      } catch (error) {
        req.log.warn({ err: error }, 'readiness probe failed');
        return 'unreachable';
      }
    };
    const [database, temporalServer] = await Promise.all([
      probe(() => db.$queryRaw`SELECT 1`),
      probe(() =>
        temporal.withDeadline(Date.now() + READINESS_DEADLINE_MS, () =>
          temporal.connection.workflowService.getSystemInfo({}),
        ),
      ),
    ]);
    const ready = database === 'ok' && temporalServer === 'ok';
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      database,
      temporal: temporalServer,
      calendar: calendarOutlook(),
    });
  });

  const openApi = createOpenApiRegistry();
  const v1 = express.Router();
  const routes = new RouteTable(v1, openApi, db, {
    authenticate: authenticate(verifyToken, staffRecords(db), institutionCodes(db)),
    limiters,
  });
  enterpriseRoutes(routes, db);
  applicationRoutes(routes, db, temporal, registries);
  pledgeRoutes(routes, db, temporal, registries);
  documentRoutes(routes, db, temporal);
  applicantActionRoutes(routes, db, temporal);
  decisionRoutes(routes, db, temporal);
  bankActionRoutes(routes, db, temporal);
  dossierRoutes(routes, db, temporal);
  taskRoutes(routes, db);
  assessmentPreviewRoutes(routes, db);
  policyRoutes(routes, db);
  sharingSchemeRoutes(routes, db);
  whitelistRoutes(routes, db);
  guaranteeRoutes(routes, db, temporal);
  claimRoutes(routes, db, temporal);
  breakerRoutes(routes, db);
  dashboardRoutes(routes, db);
  frameworkAgreementRoutes(routes, db);
  simulationRoutes(routes, db);
  capTableRoutes(routes, db);
  roundRoutes(routes, db, temporal);
  warrantRoutes(routes, db, temporal);
  subFundRoutes(routes, db, temporal);
  investmentRoutes(routes, db);
  buybackRoutes(routes, db, temporal);
  fundReportRoutes(routes, db);
  institutionRoutes(routes, db);
  enterpriseAssessmentRoutes(routes, db);
  enterpriseRegistryRoutes(routes, db);
  letterRoutes(routes, db);
  loanRoutes(routes, db, temporal);
  disposalRoutes(routes, db, temporal);
  auditRoutes(routes, db);
  codecRoutes(routes, codec.payloadCodec);
  routes.refuseOtherMethods();

  const document = openApiDocument(openApi);
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/docs', docsContentPolicy, swaggerUi.serve, swaggerUi.setup(document));
  app.use('/v1', noStore);
  app.use('/v1/codec', codecCors(codec.uiOrigin));
  app.use(v1);
  app.use((req, _res, next) =>
    next(new AppError('not_found', `no route ${req.method} ${req.path}`)),
  );
  app.use(errorHandler);
  return app;
}

/** Institution codes change rarely; remember the ones seen. */
function institutionCodes(db: Db) {
  const known = new Map<string, string>();
  return async (code: string) => {
    if (!known.has(code)) {
      const institution = await db.institution.findUnique({ where: { code } });
      if (institution) known.set(code, institution.id);
    }
    return known.get(code);
  };
}
