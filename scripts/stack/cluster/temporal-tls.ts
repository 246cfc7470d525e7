import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../../platform/config';

type TemporalTls = NonNullable<Config['temporal']['tls']>;
import type { AppRole, StackCredentials } from '../credentials';
import { PROJECT_ROOT } from '../paths';
import { requireTool, runCommand } from '../run-command';

/**
 * Mutual TLS for the cluster profile's Temporal: a local CA in `<dataDir>/tls/` and, signed by it, the
 * frontend's certificate, the internode one (history, matching and the worker serve it; every service
 * presents it when calling them) and one client certificate per caller of the frontend. Made once by
 * docker/temporal/make-certs.sh, the same script compose's one-shot `temporal-certs` runs.
 */

/** The name every client checks the frontend's certificate against (it also holds IP 127.0.0.1). */
export const FRONTEND_SERVER_NAME = 'localhost';
/** The internode certificate's name, which the services check when they call each other. */
export const INTERNODE_SERVER_NAME = 'temporal-internode';

/** Who calls the frontend with a certificate of its own. */
export const TEMPORAL_CLIENTS = [
  'api',
  'order-worker',
  // The Web UI server's connection.
  'temporal-ui',
  // Every service's own calls to the frontend (global.tls.systemWorker): the worker's system workflows most.
  'temporal-system-worker',
  // The supervisor's setup and health checks, the chaos suite, the tests and a human's `temporal` CLI.
  'operator',
] as const;
export type TemporalClient = (typeof TEMPORAL_CLIENTS)[number];

export interface CertificateFiles {
  cert: string;
  key: string;
}

export interface TemporalTlsFiles {
  dir: string;
  /** The CA certificate every side trusts (its key, ca-key.pem, stays in the folder). */
  ca: string;
  frontend: CertificateFiles;
  internode: CertificateFiles;
  clients: Record<TemporalClient, CertificateFiles>;
}

/** The app processes that connect to Temporal; every other role is given no certificate. */
const ROLE_CLIENT: Partial<Record<AppRole, TemporalClient>> = {
  api: 'api',
  'order-worker': 'order-worker',
};

const MAKE_CERTS = path.join(PROJECT_ROOT, 'docker', 'temporal', 'make-certs.sh');
const OPENSSL_HINT = 'Debian: apt-get install -y openssl';

/** Where the files of a data folder's CA are (whether or not they exist yet). */
export function temporalTlsFiles(dataDir: string): TemporalTlsFiles {
  const dir = path.join(dataDir, 'tls');
  const pair = (name: string): CertificateFiles => ({
    cert: path.join(dir, `${name}.pem`),
    key: path.join(dir, `${name}-key.pem`),
  });
  return {
    dir,
    ca: path.join(dir, 'ca.pem'),
    frontend: pair('frontend'),
    internode: pair('internode'),
    clients: Object.fromEntries(TEMPORAL_CLIENTS.map((name) => [name, pair(name)])) as Record<
      TemporalClient,
      CertificateFiles
    >,
  };
}

/** Creates the CA and whichever certificates are missing; reuses (never renews) what exists. */
export async function ensureTemporalTls(dataDir: string): Promise<TemporalTlsFiles> {
  const files = temporalTlsFiles(dataDir);
  if (missingFiles(files).length === 0) return files;
  await requireTool('openssl', ['version'], OPENSSL_HINT);
  await runCommand('sh', [MAKE_CERTS, files.dir]).catch((error: Error) => {
    throw new Error(`making Temporal's certificates in ${files.dir}: ${error.message}`);
  });
  const still = missingFiles(files);
  if (still.length > 0) throw new Error(`${MAKE_CERTS} left out ${still.join(', ')}`);
  return files;
}

/** One caller's mutual TLS to the frontend, as `config.temporal.tls` holds it. */
export function clientTls(files: TemporalTlsFiles, client: TemporalClient): TemporalTls {
  const own = files.clients[client];
  return { caFile: files.ca, certFile: own.cert, keyFile: own.key, serverName: FRONTEND_SERVER_NAME };
}

/**
 * The Temporal part of the stack's credentials: the API and the order worker each get their own
 * certificate (TEMPORAL_TLS_*_FILE), no other app process talks to Temporal; `admin` is the operator's.
 */
export function temporalTlsCredentials(files: TemporalTlsFiles): StackCredentials {
  const env = (client: TemporalClient) => {
    const tls = clientTls(files, client);
    return {
      TEMPORAL_TLS_CA_FILE: tls.caFile,
      TEMPORAL_TLS_CERT_FILE: tls.certFile,
      TEMPORAL_TLS_KEY_FILE: tls.keyFile,
      TEMPORAL_TLS_SERVER_NAME: FRONTEND_SERVER_NAME,
    };
  };
  return {
    admin: env('operator'),
    forRole: (role): Record<string, string> => {
      const client = ROLE_CLIENT[role];
      return client ? env(client) : {};
    },
  };
}

/** `config` with the operator's certificate for Temporal: how the tools reach the cluster profile's. */
export function withOperatorTemporalTls<C extends Pick<Config, 'temporal'>>(config: C, dataDir: string): C {
  return {
    ...config,
    temporal: { ...config.temporal, tls: clientTls(existingTemporalTls(dataDir), 'operator') },
  };
}

/** The `temporal` CLI's options for the operator's certificate, flag → value (add `--address`). */
export function temporalCliTlsOptions(dataDir: string): Record<string, string> {
  const tls = clientTls(existingTemporalTls(dataDir), 'operator');
  return {
    '--tls-ca-path': tls.caFile,
    '--tls-cert-path': tls.certFile,
    '--tls-key-path': tls.keyFile,
    '--tls-server-name': FRONTEND_SERVER_NAME,
  };
}

function existingTemporalTls(dataDir: string): TemporalTlsFiles {
  const files = temporalTlsFiles(dataDir);
  const missing = missingFiles(files);
  if (missing.length > 0)
    throw new Error(
      `no Temporal certificates in ${files.dir} (missing ${missing.map((f) => path.basename(f)).join(', ')}): ` +
        'start the cluster profile first (npm start -- --cluster)',
    );
  return files;
}

function missingFiles(files: TemporalTlsFiles): string[] {
  const all = [
    files.ca,
    path.join(files.dir, 'ca-key.pem'),
    ...[files.frontend, files.internode, ...Object.values(files.clients)].flatMap((pair) => [
      pair.cert,
      pair.key,
    ]),
  ];
  return all.filter((file) => !fs.existsSync(file));
}
