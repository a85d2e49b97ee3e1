import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { SECRETS, type SecretId } from '../catalog';
import { secretsManager } from '../clients/secrets-manager';
import { ConfigError } from './env';

/**
 * A secret's value, read once at cold start. In the cloud the bind helper sets the secret's ARN
 * and the value comes from Secrets Manager; locally (no Secrets Manager emulator) the runner
 * sets the value itself. Neither set → the function refuses to start.
 */
export async function readSecret(id: SecretId, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const def = SECRETS[id];
  const arn = env[def.arnEnv];
  if (arn) {
    const { SecretString } = await secretsManager.send(new GetSecretValueCommand({ SecretId: arn }));
    if (!SecretString) throw new ConfigError(`Secret ${def.arnEnv} has no string value`);
    return SecretString;
  }
  const value = env[def.valueEnv];
  if (value) return value;
  throw new ConfigError(`Missing configuration: ${def.arnEnv} (or ${def.valueEnv} locally)`);
}
