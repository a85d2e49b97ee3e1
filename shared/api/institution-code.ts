import * as z from 'zod';
import { INSTITUTION_CODE } from '../staff/institution-code';

/** An institution code in a request, checked by the general shape every profile's codes fit. */
export const institutionCodeSchema = z
  .string()
  .regex(INSTITUTION_CODE, 'must be 3–32 upper-case letters or digits, optionally in groups joined by hyphens');
