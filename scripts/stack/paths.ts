import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const TOOLS_DIR = path.join(PROJECT_ROOT, '.tools');

export const TOOL_VERSIONS = {
  temporalCli: '1.9.1',
  temporalTestServer: '1.40.0',
  kafka: '3.9.1',
  /** The independent OpenAPI client the contract test runs (test/contract). */
  schemathesis: '4.32.5',
} as const;

export const temporalCliPath = () => path.join(TOOLS_DIR, 'temporal', 'bin', 'temporal');
export const temporalTestServerPath = () => path.join(TOOLS_DIR, 'temporal', 'bin', 'temporal-test-server');
export const schemathesisDir = () => path.join(TOOLS_DIR, `schemathesis-${TOOL_VERSIONS.schemathesis}`);
export const kafkaLibDir = () => path.join(TOOLS_DIR, `kafka-${TOOL_VERSIONS.kafka}`, 'lib');
