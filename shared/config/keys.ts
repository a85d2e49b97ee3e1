import type { SecretId } from '../catalog';

/**
 * A keyed operation the function is not bound to. Each secret is granted only to the functions
 * that use it (catalog `secrets`): a use case that needs a key this function does not hold is a
 * wiring bug, and says which key, instead of hashing with a wrong one.
 */
export function notBound(secret: SecretId): (...args: string[]) => never {
  return () => {
    throw new Error(`this function is not bound to the ${secret} secret (catalog secrets)`);
  };
}
