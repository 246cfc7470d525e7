import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Express } from 'express';
import swaggerUi from 'swagger-ui-express';
import { notFound } from './problem';

/** `/docs`: Swagger UI over the same document `/openapi.json` serves, its assets served from node_modules. */
export function serveApiReference(document: object): Router {
  const router = Router();
  // The page loads its assets by relative paths (./swagger-ui.css): it must be read at /docs/.
  router.get('/', (req, res, next) => {
    const [pathname, query] = req.originalUrl.split('?');
    if (pathname!.endsWith('/')) return next();
    res.redirect(301, `${pathname}/${query === undefined ? '' : `?${query}`}`);
  });
  router.use(
    swaggerUi.serve,
    swaggerUi.setup(document, {
      customSiteTitle: 'Order saga API',
      // A pasted token lives only as long as the page: never in localStorage, where any script could read it.
      swaggerOptions: { persistAuthorization: false, tryItOutEnabled: false },
    }),
  );
  return router;
}

/**
 * The web dashboard at `/`, built by Vite into `distDir`. Its routes live after `#`, so no API path is
 * shadowed; hashed assets are cached for good, `index.html` never. Without a build, `/` says how to make one.
 */
export function serveDashboard(app: Express, distDir: string): void {
  const index = path.join(distDir, 'index.html');
  app.use(
    '/assets',
    express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: true }),
  );
  app.get(['/', '/index.html'], (_req, res) => {
    if (!fs.existsSync(index))
      throw notFound('the web dashboard is not built here: run `npm run build:web` (npm start builds it)');
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  app.get('/favicon.svg', (_req, res) => {
    const icon = path.join(distDir, 'favicon.svg');
    if (!fs.existsSync(icon)) throw notFound('no favicon in this build');
    res.sendFile(icon);
  });
}
