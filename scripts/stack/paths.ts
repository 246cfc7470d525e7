import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const TOOLS_DIR = path.join(PROJECT_ROOT, '.tools');

export const TOOL_VERSIONS = {
  temporalCli: '1.9.1',
  temporalTestServer: '1.40.0',
  kafka: '3.9.1',
  /** The independent OpenAPI client the contract test runs (test/contract). */
  schemathesis: '4.32.5',
  /** Built from source with Go for the cluster profile (scripts/stack/cluster): the newest 1.x patch. */
  temporalServer: '1.32.2',
  /** The Web UI server for a standalone Temporal server; its module embeds the built UI. */
  temporalUiServer: '2.56.4',
} as const;

export const temporalCliPath = () => path.join(TOOLS_DIR, 'temporal', 'bin', 'temporal');
export const temporalTestServerPath = () => path.join(TOOLS_DIR, 'temporal', 'bin', 'temporal-test-server');
export const schemathesisDir = () => path.join(TOOLS_DIR, `schemathesis-${TOOL_VERSIONS.schemathesis}`);
export const kafkaLibDir = () => path.join(TOOLS_DIR, `kafka-${TOOL_VERSIONS.kafka}`, 'lib');
export const temporalServerDir = () =>
  path.join(TOOLS_DIR, `temporal-server-${TOOL_VERSIONS.temporalServer}`);
export const temporalServerPath = () => path.join(temporalServerDir(), 'bin', 'temporal-server');
export const temporalSqlToolPath = () => path.join(temporalServerDir(), 'bin', 'temporal-sql-tool');
/** Holds `temporal/versioned` and `visibility/versioned`, copied from the server's Go module. */
export const temporalPostgresSchemaDir = () => path.join(temporalServerDir(), 'schema', 'postgresql', 'v12');
export const temporalUiServerDir = () =>
  path.join(TOOLS_DIR, `temporal-ui-server-${TOOL_VERSIONS.temporalUiServer}`);
export const temporalUiServerPath = () => path.join(temporalUiServerDir(), 'bin', 'temporal-ui-server');
