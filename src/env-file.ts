import { existsSync } from 'node:fs';

/**
 * Settings come from the environment; a .env file in the working directory fills in the rest
 * (variables already set win).
 */
export function loadEnvFile(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
