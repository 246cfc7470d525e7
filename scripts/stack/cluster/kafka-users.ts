import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaSasl } from '../../../platform/kafka';
import type { StackCredentials } from '../credentials';
import type { KafkaJava } from '../kafka';
import { runCommand } from '../run-command';
import {
  loadOrCreatePasswords,
  readPasswords,
  secretsDir,
  writeSecretFile,
  type Passwords,
} from '../secret-files';
import { isKafkaRole, KAFKA_ROLES } from './kafka-acls';

/** The cluster's super user: the brokers among themselves, the supervisor's topics, operator tools. */
export const KAFKA_ADMIN = 'admin';
const MECHANISM = 'scram-sha-512';
const JAVA_MECHANISM = 'SCRAM-SHA-512';

/** Each Kafka user's password by username: `admin` and one user per app role that uses Kafka. */
export type KafkaPasswords = Passwords;

export const kafkaSecretsFile = (dataDir: string) => path.join(secretsDir(dataDir), 'kafka.json');
/** The Java tools' `--command-config` for the administrator (kafka-acls, kafka-configs, ...). */
export const kafkaAdminClientFile = (dataDir: string) =>
  path.join(secretsDir(dataDir), 'kafka-admin.properties');

const USERNAMES = [KAFKA_ADMIN, ...KAFKA_ROLES];

/**
 * The passwords kept in `<dataDir>/secrets/kafka.json`, with a fresh random one for any user not there
 * yet (all of them on the first start). `created`: there was no file, so any Kafka data already in the
 * folder was formatted with other passwords or none.
 */
export function prepareKafkaPasswords(dataDir: string): { passwords: KafkaPasswords; created: boolean } {
  const prepared = loadOrCreatePasswords(kafkaSecretsFile(dataDir), USERNAMES);
  writeSecretFile(kafkaAdminClientFile(dataDir), adminClientProperties(prepared.passwords[KAFKA_ADMIN]!));
  return prepared;
}

/** The passwords of a cluster profile's Kafka users, as its start left them. */
export function readKafkaPasswords(dataDir: string): KafkaPasswords {
  const file = kafkaSecretsFile(dataDir);
  if (!fs.existsSync(file))
    throw new Error(
      `no Kafka credentials at ${file}: start the cluster profile (npm start -- --cluster) first`,
    );
  const passwords = readPasswords(file);
  if (!passwords[KAFKA_ADMIN]) throw new Error(`${file} names no Kafka administrator password`);
  return passwords;
}

export const kafkaSasl = (passwords: KafkaPasswords, username: string): KafkaSasl => ({
  mechanism: MECHANISM,
  username,
  password: passwords[username]!,
});

/** The administrator's SASL settings for an operator tool (the chaos suite, tests) on a running cluster. */
export function kafkaAdminSasl(dataDir: string): KafkaSasl {
  return kafkaSasl(readKafkaPasswords(dataDir), KAFKA_ADMIN);
}

const saslEnv = ({ username, password }: KafkaSasl) => ({
  KAFKA_SASL_USERNAME: username,
  KAFKA_SASL_PASSWORD: password,
});

/**
 * Who holds which Kafka user: `admin` for the supervisor and the operator's tools, one user per app role
 * that uses Kafka, nothing for the others. Read from the data folder when asked, so after the cluster's
 * first start.
 */
export function kafkaCredentials(dataDir: string): StackCredentials {
  let passwords: KafkaPasswords | undefined;
  const known = () => (passwords ??= readKafkaPasswords(dataDir));
  return {
    get admin() {
      return saslEnv(kafkaSasl(known(), KAFKA_ADMIN));
    },
    forRole: (role) => (isKafkaRole(role) ? saslEnv(kafkaSasl(known(), role)) : {}),
  };
}

/** The storage tool's arguments that create every user when a node's storage is formatted. */
export function scramFormatArgs(passwords: KafkaPasswords): string[] {
  return USERNAMES.flatMap((name) => [
    '--add-scram',
    `${JAVA_MECHANISM}=[name=${name},password=${passwords[name]}]`,
  ]);
}

/**
 * Creates (or sets the password of) every app user that cannot sign in with its password: a role added
 * since the cluster's storage was formatted. Each user is tried first, so a restart runs no Java tool.
 */
export async function ensureKafkaUsers({
  dataDir,
  broker,
  passwords,
  java,
}: {
  dataDir: string;
  broker: string;
  passwords: KafkaPasswords;
  java: KafkaJava;
}): Promise<void> {
  for (const username of KAFKA_ROLES) {
    if (await signsIn(broker, kafkaSasl(passwords, username))) continue;
    const configFile = path.join(secretsDir(dataDir), `scram-${username}.properties`);
    writeSecretFile(configFile, `${JAVA_MECHANISM}=[password=${passwords[username]}]\n`);
    try {
      await runCommand(
        'java',
        java(
          'kafka.admin.ConfigCommand',
          '--bootstrap-server',
          broker,
          '--command-config',
          kafkaAdminClientFile(dataDir),
          '--alter',
          '--entity-type',
          'users',
          '--entity-name',
          username,
          '--add-config-file',
          configFile,
        ),
      );
    } finally {
      fs.rmSync(configFile, { force: true });
    }
  }
}

/** Whether `sasl` signs in; false only when the broker refuses the credentials. */
async function signsIn(broker: string, sasl: KafkaSasl): Promise<boolean> {
  const admin = new Kafka({
    brokers: [broker],
    sasl,
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    return true;
  } catch (error) {
    if ((error as Error).name === 'KafkaJSSASLAuthenticationError') return false;
    throw error;
  } finally {
    await admin.disconnect();
  }
}

function adminClientProperties(password: string) {
  return `security.protocol=SASL_PLAINTEXT
sasl.mechanism=${JAVA_MECHANISM}
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${KAFKA_ADMIN}" password="${password}";
`;
}
