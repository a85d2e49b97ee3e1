import { z } from 'zod';
import { ROLES } from '../catalog';

export const meSchema = z
  .object({
    sub: z.string(),
    login: z.string(),
    roles: z.array(z.enum(ROLES)),
    profile: z.object({ id: z.string(), mailDomain: z.string(), defaultLocale: z.string() }),
  })
  .meta({ id: 'Me' });
